package io.muster.placement.strategy;

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
  IndexSort.IntOrder driverOrder(RoomTable t) {
    return fullestFirst(t);
  }

  @Override
  int[][] layExecutors(RoomTable t, int[] rows, int[] caps) {
    return fillInOrder(t.n, byCapacity(t, rows, caps, true), rows, caps);
  }
}
