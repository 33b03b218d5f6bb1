package io.muster.placement.strategy;

import java.util.Arrays;

/**
 * {@code minimal-fragmentation}: leave nodes either full or untouched. The driver goes where {@code
 * tightly-pack} would put it. Executors: while some node holds all remaining executors, put them on
 * the smallest such node (best fit for the remainder) and stop; otherwise fill the node that holds
 * the most executors completely and repeat. Each node the gang touches except the last is filled to
 * capacity, so the plan strands as little half-used room as possible.
 */
final class MinimalFragmentation extends Packer {
  static final MinimalFragmentation INSTANCE = new MinimalFragmentation();

  private MinimalFragmentation() {}

  @Override
  IndexSort.IntOrder driverOrder(RoomTable t) {
    return fullestFirst(t);
  }

  @Override
  int[][] layExecutors(RoomTable t, int[] rows, int[] caps) {
    int[] order = byCapacity(t, rows, caps, true);
    int[] usedRows = new int[order.length];
    int[] counts = new int[order.length];
    int used = 0;
    int left = t.n;
    int end = order.length; // order[0..end) are still unused, ascending by capacity
    while (left > 0) {
      int fit = firstHolding(order, caps, end, left);
      if (fit >= 0) {
        usedRows[used] = rows[order[fit]];
        counts[used++] = left;
        left = 0;
      } else {
        int biggest = order[--end];
        usedRows[used] = rows[biggest];
        counts[used++] = caps[biggest];
        left -= caps[biggest];
      }
    }
    return new int[][] {Arrays.copyOf(usedRows, used), Arrays.copyOf(counts, used)};
  }

  /** First position below {@code end} whose capacity is at least {@code need}, or -1. */
  private static int firstHolding(int[] order, int[] caps, int end, int need) {
    int lo = 0;
    int hi = end;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (caps[order[mid]] >= need) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo < end ? lo : -1;
  }
}
