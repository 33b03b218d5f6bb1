package io.muster.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a throughput run waited: drivers' binding times and bindings per quarter second. */
class BindTimelineTest {
  private static final long START = 5_000_000_000L;

  private static long at(long ms) {
    return START + ms * 1_000_000L;
  }

  @Test
  void bindingsAreCountedInTheQuarterSecondTheyFellIn() {
    BindTimeline t =
        BindTimeline.of(
            START,
            List.of(at(300), at(120)),
            List.of(at(120), at(249), at(250), at(300), at(1010)));

    assertThat(t.driversBoundMs()).containsExactly(120L, 300L);
    assertThat(t.boundPerQuarter()).containsExactly(2, 2, 0, 0, 1);
  }

  @ParameterizedTest(name = "{0} -> {1} idle")
  @CsvSource({
    "'0 0 3 0 2 0 0', 1", // leading and trailing empty quarters are not idle time of the run
    "'1 0 0 4', 2",
    "'5', 0",
    "'0 0', 0",
    "'', 0",
  })
  void idleQuartersLieBetweenTheFirstAndTheLastBinding(String counts, int idle) {
    List<Integer> perQuarter =
        counts.isBlank()
            ? List.of()
            : java.util.Arrays.stream(counts.split(" ")).map(Integer::valueOf).toList();

    assertThat(new BindTimeline(List.of(), perQuarter).idleQuarters()).isEqualTo(idle);
  }

  @Test
  void theLineGivesTheFirstMedianAndLastDriverAndTheCounts() {
    BindTimeline t = new BindTimeline(List.of(100L, 200L, 700L), List.of(0, 3, 0, 4));

    assertThat(t.line("d", 2))
        .isEqualTo(
            "timeline config=d round=2: drivers bound at 100 / 200 / 700 ms (first / median /"
                + " last); 1 idle quarter seconds before the last binding; pods bound per 250 ms:"
                + " 0 3 0 4");
  }

  @Test
  void withoutDriversTheirTimesReadMinusOne() {
    assertThat(new BindTimeline(List.of(), List.of(1)).driverBoundMs(0.5)).isEqualTo(-1);
  }
}
