package io.muster.placement.strategy;

import java.util.Arrays;

/**
 * {@code distribute-evenly}: round-robin over the roomiest nodes. The driver goes to the emptiest
 * offered node that leaves the gang feasible. Executors are water-filled: with level {@code L} the
 * smallest value such that {@code sum(min(cap, L)) >= n}, every node takes {@code min(cap, L-1)}
 * and the remainder goes one each to the nodes with the most room (ties by name). This is exactly
 * what dealing executors one at a time round-robin over nodes ordered by room produces, computed in
 * one pass instead of n.
 */
final class DistributeEvenly extends Packer {
  static final DistributeEvenly INSTANCE = new DistributeEvenly();

  private DistributeEvenly() {}

  @Override
  IndexSort.IntOrder driverOrder(RoomTable t) {
    return (a, b) -> {
      int c = Double.compare(t.freeShare[b], t.freeShare[a]);
      return c != 0 ? c : t.name(a).compareTo(t.name(b));
    };
  }

  @Override
  int[][] layExecutors(RoomTable t, int[] rows, int[] caps) {
    int n = t.n;
    int level = level(caps, n);
    int[] order = byCapacity(t, rows, caps, false);
    long base = 0;
    for (int c : caps) {
      base += Math.min(c, level - 1);
    }
    long extra = n - base;
    int[] usedRows = new int[order.length];
    int[] counts = new int[order.length];
    int used = 0;
    for (int i : order) {
      int take = Math.min(caps[i], level - 1);
      if (caps[i] >= level && extra > 0) {
        take++;
        extra--;
      }
      if (take > 0) {
        usedRows[used] = rows[i];
        counts[used++] = take;
      }
    }
    return new int[][] {Arrays.copyOf(usedRows, used), Arrays.copyOf(counts, used)};
  }

  /** Smallest L in 1..n with sum(min(cap, L)) >= n (binary search; the sum grows with L). */
  private static int level(int[] caps, int n) {
    int lo = 1;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      long sum = 0;
      for (int c : caps) {
        sum += Math.min(c, mid);
      }
      if (sum >= n) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
