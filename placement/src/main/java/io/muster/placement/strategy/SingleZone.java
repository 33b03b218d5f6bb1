package io.muster.placement.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code single-zone}: the driver and every executor in one zone ({@code
 * topology.kubernetes.io/zone}; nodes without the label form the zone named ""). Each zone is
 * packed as {@code tightly-pack} would pack it alone; the kept plan touches the fewest nodes, then
 * leaves the least executor room unused in its zone (so bigger zones stay free for bigger gangs),
 * then has the smallest zone name.
 */
final class SingleZone extends Packer {
  static final SingleZone INSTANCE = new SingleZone();

  private SingleZone() {}

  @Override
  Layout plan(RoomTable t) {
    Layout best = null;
    for (int[] zone : zones(t).values()) {
      Layout candidate = TightlyPack.INSTANCE.planIn(t, zone);
      if (candidate != null && (best == null || better(candidate, best))) {
        best = candidate;
      }
    }
    return best;
  }

  @Override
  int largestFeasible(RoomTable t) {
    int best = t.hasDriver ? -1 : 0;
    for (int[] zone : zones(t).values()) {
      best = Math.max(best, largestIn(t, zone));
    }
    return best;
  }

  @Override
  IndexSort.IntOrder driverOrder(RoomTable t) {
    return TightlyPack.INSTANCE.driverOrder(t);
  }

  @Override
  int[][] layExecutors(RoomTable t, int[] rows, int[] caps) {
    return TightlyPack.INSTANCE.layExecutors(t, rows, caps);
  }

  /** Zones are visited in name order, so the first of equally good plans wins by zone name. */
  private static boolean better(Layout a, Layout b) {
    if (a.nodesUsed() != b.nodesUsed()) {
      return a.nodesUsed() < b.nodesUsed();
    }
    return a.spare < b.spare;
  }

  private static Map<String, int[]> zones(RoomTable t) {
    Map<String, List<Integer>> byZone = new TreeMap<>();
    for (int r = 0; r < t.size(); r++) {
      byZone.computeIfAbsent(t.nodes[r].zone(), z -> new ArrayList<>()).add(r);
    }
    Map<String, int[]> zones = new TreeMap<>();
    byZone.forEach((z, rows) -> zones.put(z, rows.stream().mapToInt(Integer::intValue).toArray()));
    return zones;
  }
}
