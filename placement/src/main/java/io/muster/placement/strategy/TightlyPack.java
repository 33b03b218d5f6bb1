package io.muster.placement.strategy;

import java.util.Comparator;

/**
 * {@code tightly-pack}: best fit. The driver goes to the fullest offered node that still leaves the
 * gang feasible; executors fill the nodes that hold the fewest of them first (the fullest nodes for
 * this executor shape), each to capacity, ties by name. Gangs pile onto nodes that are already
 * busy, so whole nodes stay empty for large gangs and for the autoscaler to remove.
 */
final class TightlyPack extends Packer {
  static final TightlyPack INSTANCE = new TightlyPack();

  private TightlyPack() {}

  @Override
  Comparator<Integer> driverOrder(RoomTable t) {
    return fullestFirst(t);
  }

  @Override
  int[][] layExecutors(RoomTable t, int[] rows, int[] caps) {
    Comparator<Integer> fewestFirst =
        Comparator.<Integer>comparingInt(i -> caps[i]).thenComparing(i -> t.name(rows[i]));
    return fillInOrder(t.n, sortedPositions(rows.length, fewestFirst), rows, caps);
  }
}
