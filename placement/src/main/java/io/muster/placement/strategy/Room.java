package io.muster.placement.strategy;

import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.util.Map;

/** Room arithmetic on one node without allocating: free = allocatable − requested − held. */
final class Room {
  private Room() {}

  /**
   * Whether {@code demand} fits in what {@code node} has left after bound pods and {@code held}.
   */
  static boolean fits(Resources demand, NodeState node, Resources held) {
    return fitsTimes(1, demand, node, held);
  }

  /** Whether {@code times} copies of {@code demand} fit beside bound pods and {@code held}. */
  static boolean fitsTimes(long times, Resources demand, NodeState node, Resources held) {
    Resources alloc = node.allocatable();
    Resources used = node.requested();
    if (!fits(times * demand.milliCpu(), alloc.milliCpu(), used.milliCpu(), held.milliCpu())
        || !fits(
            times * demand.memoryBytes(),
            alloc.memoryBytes(),
            used.memoryBytes(),
            held.memoryBytes())
        || !fits(times * demand.pods(), alloc.pods(), used.pods(), held.pods())) {
      return false;
    }
    if (demand.extended().isEmpty()) {
      return true; // the common case; iterating an empty sorted map is measurably slow
    }
    for (Map.Entry<String, Long> e : demand.extended().entrySet()) {
      String k = e.getKey();
      if (!fits(times * e.getValue(), alloc.extended(k), used.extended(k), held.extended(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean fits(long demand, long alloc, long used, long held) {
    return demand == 0 || demand <= alloc - used - held;
  }

  /**
   * Share of the node's CPU or memory (the larger) in use once {@code demand} is added, 0..1;
   * dimensions with no allocatable are ignored.
   */
  static double usedShareAfter(Resources demand, NodeState node, Resources held) {
    Resources alloc = node.allocatable();
    Resources used = node.requested();
    double cpu = share(alloc.milliCpu(), used.milliCpu() + held.milliCpu() + demand.milliCpu());
    double mem =
        share(alloc.memoryBytes(), used.memoryBytes() + held.memoryBytes() + demand.memoryBytes());
    return Math.max(cpu, mem);
  }

  /** Whether, after {@code demand} is added, another {@code demand} would still fit. */
  static boolean fitsTwice(Resources demand, NodeState node, Resources held) {
    return fitsTimes(2, demand, node, held);
  }

  /** Whether nothing is bound to the node and nothing is held on it. */
  static boolean untouched(NodeState node, Resources held) {
    Resources used = node.requested();
    return used.milliCpu() == 0 && used.memoryBytes() == 0 && held.isZero();
  }

  private static double share(long alloc, long used) {
    return alloc <= 0 ? 0 : Math.min(1.0, (double) used / alloc);
  }
}
