package io.muster.placement.strategy;

import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The nodes that matter for one gang (offered for its driver, or admitted by its executors'
 * constraints) with, per node, how many executors fit in its room and how many fit beside the
 * driver. Counting executors per node ({@code min over dimensions of free / demand}) instead of
 * placing them one by one is what keeps planning linear in the number of nodes.
 *
 * <p>Rows are in the snapshot map's iteration order, which is not stable: every choice made from
 * this table breaks ties by node name.
 */
final class RoomTable {
  /** Executors to place: the gang's minimum. */
  final int n;

  final boolean hasDriver;
  final NodeState[] nodes;

  /**
   * Executors that fit in the node's room; 0 where constraints refuse. Not capped at {@link #n}:
   * strategies rank nodes by it, and sums are taken in {@code long}.
   */
  final int[] cap;

  /** Executors that fit beside the driver; -1 where the driver may not go or does not fit. */
  final int[] capWithDriver;

  /**
   * Dominant free share: the larger of free CPU / allocatable CPU and free / allocatable memory.
   */
  final double[] freeShare;

  /** Nodes whose constraints admit the executors (room or not). */
  final int executorEligible;

  /** Offered driver nodes present in the snapshot. */
  final int offeredKnown;

  private RoomTable(
      int n,
      boolean hasDriver,
      List<NodeState> nodes,
      int[] cap,
      int[] capWithDriver,
      double[] freeShare,
      int executorEligible,
      int offeredKnown) {
    this.n = n;
    this.hasDriver = hasDriver;
    this.nodes = nodes.toArray(NodeState[]::new);
    this.cap = cap;
    this.capWithDriver = capWithDriver;
    this.freeShare = freeShare;
    this.executorEligible = executorEligible;
    this.offeredKnown = offeredKnown;
  }

  /** Room as it is now: allocatable − bound requests − {@code held}. */
  static RoomTable free(
      GangSpec gang, Collection<String> offered, Map<String, NodeState> nodes, HeldRoom held) {
    return build(gang, offered, nodes, held, false);
  }

  /** Room of an empty cluster: allocatable only (no bound pods, no reservations). */
  static RoomTable empty(GangSpec gang, Collection<String> offered, Map<String, NodeState> nodes) {
    return build(gang, offered, nodes, HeldRoom.NONE, true);
  }

  int size() {
    return nodes.length;
  }

  String name(int i) {
    return nodes[i].name();
  }

  /** Every row index, 0..size-1. */
  int[] all() {
    int[] all = new int[nodes.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  private static RoomTable build(
      GangSpec gang,
      Collection<String> offered,
      Map<String, NodeState> nodes,
      HeldRoom held,
      boolean emptyCluster) {
    Dims dims = Dims.of(gang);
    long[] exec = dims.vector(gang.executor());
    long[] driver = dims.vector(gang.driver().orElse(Resources.ZERO));
    boolean hasDriver = gang.driver().isPresent();
    int n = gang.minExecutors();
    Set<String> offeredSet = hasDriver ? new HashSet<>(offered) : Set.of();
    int size = nodes.size();
    List<NodeState> rows = new ArrayList<>(Math.min(size, 1024));
    int[] cap = new int[size];
    int[] capWithDriver = new int[size];
    double[] share = new double[size];
    long[] free = new long[dims.count()];
    int eligible = 0;
    int offeredKnown = 0;
    for (NodeState node : nodes.values()) {
      boolean driverOffered = hasDriver && offeredSet.contains(node.name());
      boolean executorOk = n > 0 && gang.executorConstraints().admits(node);
      if (!driverOffered && !executorOk) {
        continue;
      }
      int row = rows.size();
      rows.add(node);
      eligible += executorOk ? 1 : 0;
      offeredKnown += driverOffered ? 1 : 0;
      dims.free(node, emptyCluster ? Resources.ZERO : held.on(node.name()), emptyCluster, free);
      cap[row] = executorOk ? fitting(free, exec, Integer.MAX_VALUE) : 0;
      capWithDriver[row] = -1;
      if (driverOffered && covers(free, driver)) {
        for (int k = 0; k < free.length; k++) {
          free[k] -= driver[k];
        }
        capWithDriver[row] = executorOk ? fitting(free, exec, Integer.MAX_VALUE) : 0;
        for (int k = 0; k < free.length; k++) {
          free[k] += driver[k];
        }
      }
      share[row] = bottleneckFreeShare(node, free);
    }
    return new RoomTable(n, hasDriver, rows, cap, capWithDriver, share, eligible, offeredKnown);
  }

  /** How many {@code demand}s fit in {@code free}, capped at {@code limit}. */
  static int fitting(long[] free, long[] demand, int limit) {
    long fit = limit;
    for (int k = 0; k < demand.length && fit > 0; k++) {
      if (demand[k] > 0) {
        fit = Math.min(fit, free[k] / demand[k]);
      }
    }
    return (int) fit;
  }

  private static boolean covers(long[] free, long[] demand) {
    for (int k = 0; k < demand.length; k++) {
      if (demand[k] > free[k]) {
        return false;
      }
    }
    return true;
  }

  private static double bottleneckFreeShare(NodeState node, long[] free) {
    Resources alloc = node.allocatable();
    double cpu = alloc.milliCpu() == 0 ? 0 : (double) free[0] / alloc.milliCpu();
    double mem = alloc.memoryBytes() == 0 ? 0 : (double) free[1] / alloc.memoryBytes();
    return Math.min(cpu, mem);
  }

  /** The resource dimensions one gang demands: CPU, memory, pods, then its extended resources. */
  private record Dims(String[] extended) {
    static Dims of(GangSpec gang) {
      TreeSet<String> names = new TreeSet<>(gang.executor().extended().keySet());
      gang.driver().ifPresent(d -> names.addAll(d.extended().keySet()));
      return new Dims(names.toArray(String[]::new));
    }

    int count() {
      return 3 + extended.length;
    }

    long[] vector(Resources r) {
      long[] v = new long[count()];
      v[0] = r.milliCpu();
      v[1] = r.memoryBytes();
      v[2] = r.pods();
      for (int k = 0; k < extended.length; k++) {
        v[3 + k] = r.extended(extended[k]);
      }
      return v;
    }

    /** Fills {@code out} with allocatable − requested − held per dimension, clamped at zero. */
    void free(NodeState node, Resources held, boolean emptyCluster, long[] out) {
      Resources alloc = node.allocatable();
      Resources used = node.requested();
      out[0] = room(alloc.milliCpu(), used.milliCpu(), held.milliCpu(), emptyCluster);
      out[1] = room(alloc.memoryBytes(), used.memoryBytes(), held.memoryBytes(), emptyCluster);
      out[2] = room(alloc.pods(), used.pods(), held.pods(), emptyCluster);
      for (int k = 0; k < extended.length; k++) {
        String name = extended[k];
        out[3 + k] =
            room(alloc.extended(name), used.extended(name), held.extended(name), emptyCluster);
      }
    }

    private static long room(long alloc, long used, long held, boolean emptyCluster) {
      return emptyCluster ? alloc : Math.max(0, alloc - used - held);
    }
  }
}
