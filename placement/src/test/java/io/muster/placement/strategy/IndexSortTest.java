package io.muster.placement.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The primitive index sort orders exactly as a boxed sort with the same comparator. */
class IndexSortTest {
  @Property(tries = 1000)
  void sortsLikeArraysSort(@ForAll List<Integer> values) {
    int[] keys = values.stream().mapToInt(v -> Math.floorMod(v, 7)).toArray();
    int[] sorted =
        IndexSort.sortedPositions(
            keys.length,
            (a, b) -> {
              int c = Integer.compare(keys[a], keys[b]);
              return c != 0 ? c : Integer.compare(a, b);
            });
    Integer[] expected = new Integer[keys.length];
    for (int i = 0; i < keys.length; i++) {
      expected[i] = i;
    }
    Arrays.sort(
        expected,
        (a, b) -> {
          int c = Integer.compare(keys[a], keys[b]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    assertThat(sorted)
        .containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
  }
}
