package io.muster.placement.strategy;

import io.muster.placement.policy.PackingStrategy;
import java.util.Arrays;

/**
 * A packing strategy over a {@link RoomTable}. Every strategy shares one feasibility rule, which is
 * exact because executors are identical: with the driver on row {@code d}, the gang fits iff {@code
 * sum(cap) - cap[d] + capWithDriver[d] >= n}. Strategies differ only in which feasible driver row
 * they pick and how they spread the executors; all ties are broken by node name.
 */
abstract class Packer {
  static Packer of(PackingStrategy strategy) {
    return switch (strategy) {
      case TIGHTLY_PACK -> TightlyPack.INSTANCE;
      case DISTRIBUTE_EVENLY -> DistributeEvenly.INSTANCE;
      case SINGLE_ZONE -> SingleZone.INSTANCE;
      case MINIMAL_FRAGMENTATION -> MinimalFragmentation.INSTANCE;
    };
  }

  /** The strategy's layout on the whole table, or null when the gang does not fit. */
  Layout plan(RoomTable t) {
    return planIn(t, t.all());
  }

  /**
   * The most executors (at most {@code n}) any layout can hold beside a driver on an offered node;
   * -1 when no offered node has room for the driver.
   */
  int largestFeasible(RoomTable t) {
    return largestIn(t, t.all());
  }

  /** Orders candidate driver rows, most preferred first. */
  abstract IndexSort.IntOrder driverOrder(RoomTable t);

  /**
   * Lays {@code t.n} executors on {@code rows} (each with {@code caps[i] > 0}, summing to at least
   * n) and returns the used rows and counts.
   */
  abstract int[][] layExecutors(RoomTable t, int[] rows, int[] caps);

  final Layout planIn(RoomTable t, int[] members) {
    long total = 0;
    for (int r : members) {
      total += t.cap[r];
    }
    int driver = -1;
    if (t.hasDriver) {
      driver = chooseDriver(t, members, total);
      if (driver < 0) {
        return null;
      }
      total += t.capWithDriver[driver] - t.cap[driver];
    } else if (total < t.n) {
      return null;
    }
    int count = 0;
    int[] rows = new int[members.length];
    int[] caps = new int[members.length];
    for (int r : members) {
      int c = r == driver ? t.capWithDriver[r] : t.cap[r];
      if (c > 0) {
        rows[count] = r;
        caps[count++] = c;
      }
    }
    int[][] laid =
        t.n == 0
            ? new int[][] {new int[0], new int[0]}
            : layExecutors(t, Arrays.copyOf(rows, count), Arrays.copyOf(caps, count));
    return new Layout(driver, laid[0], laid[1], total - t.n);
  }

  static int largestIn(RoomTable t, int[] members) {
    long total = 0;
    for (int r : members) {
      total += t.cap[r];
    }
    if (!t.hasDriver) {
      return (int) Math.min(total, t.n);
    }
    long best = -1;
    for (int r : members) {
      if (t.capWithDriver[r] >= 0) {
        best = Math.max(best, total - t.cap[r] + t.capWithDriver[r]);
      }
    }
    return (int) Math.min(best, t.n);
  }

  private int chooseDriver(RoomTable t, int[] members, long total) {
    IndexSort.IntOrder order = driverOrder(t);
    int best = -1;
    for (int r : members) {
      boolean feasible = t.capWithDriver[r] >= 0 && total - t.cap[r] + t.capWithDriver[r] >= t.n;
      if (feasible && (best < 0 || order.compare(r, best) < 0)) {
        best = r;
      }
    }
    return best;
  }

  /** Fills the positions in {@code order} to their capacity until n executors are laid. */
  static int[][] fillInOrder(int n, int[] order, int[] rows, int[] caps) {
    int[] usedRows = new int[Math.min(n, order.length)];
    int[] counts = new int[usedRows.length];
    int left = n;
    int used = 0;
    for (int k = 0; k < order.length && left > 0; k++) {
      int take = Math.min(left, caps[order[k]]);
      usedRows[used] = rows[order[k]];
      counts[used++] = take;
      left -= take;
    }
    return new int[][] {Arrays.copyOf(usedRows, used), Arrays.copyOf(counts, used)};
  }

  /** Fullest first: smallest bottleneck free share, then name. */
  static IndexSort.IntOrder fullestFirst(RoomTable t) {
    return (a, b) -> {
      int c = Double.compare(t.freeShare[a], t.freeShare[b]);
      return c != 0 ? c : t.name(a).compareTo(t.name(b));
    };
  }

  /** Positions of {@code rows} by capacity (ascending, or descending), then node name. */
  static int[] byCapacity(RoomTable t, int[] rows, int[] caps, boolean ascending) {
    String[] names = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      names[i] = t.name(rows[i]);
    }
    return IndexSort.sortedPositions(
        rows.length,
        (a, b) -> {
          int c = ascending ? Integer.compare(caps[a], caps[b]) : Integer.compare(caps[b], caps[a]);
          return c != 0 ? c : names[a].compareTo(names[b]);
        });
  }
}
