package io.muster.extender.cluster;

import io.muster.placement.model.Resources;
import java.util.HashMap;
import java.util.Map;

/**
 * Running sum of the requests of the pods counted on one node. Mutable and not thread-safe: only
 * {@link ClusterIndex} touches it, under its lock. Adds and subtracts are exact, so a pod removed
 * with the same requests it was added with leaves no residue.
 */
final class NodeUsage {
  private long milliCpu;
  private long memoryBytes;
  private long pods;
  private final Map<String, Long> extended = new HashMap<>(2);
  private int count;

  void add(Resources r) {
    milliCpu = Math.addExact(milliCpu, r.milliCpu());
    memoryBytes = Math.addExact(memoryBytes, r.memoryBytes());
    pods = Math.addExact(pods, r.pods());
    r.extended().forEach((k, v) -> extended.merge(k, v, Math::addExact));
    count++;
  }

  void subtract(Resources r) {
    milliCpu -= r.milliCpu();
    memoryBytes -= r.memoryBytes();
    pods -= r.pods();
    r.extended()
        .forEach(
            (k, v) ->
                extended.compute(k, (key, old) -> old == null || old - v == 0 ? null : old - v));
    count--;
  }

  boolean isEmpty() {
    return count == 0;
  }

  Resources toResources() {
    // Clamped only to honour Resources' invariant; exact bookkeeping never goes below zero.
    Map<String, Long> ext = new HashMap<>(extended.size() * 2);
    extended.forEach((k, v) -> ext.put(k, Math.max(0, v)));
    return new Resources(Math.max(0, milliCpu), Math.max(0, memoryBytes), Math.max(0, pods), ext);
  }
}
