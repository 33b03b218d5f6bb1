package io.muster.placement.testing;

import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Taint;
import io.muster.placement.model.TaintEffect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node fixtures that read like kube's wrappers: {@code node("n1").cpu(8).memGi(32).build()}. */
public final class Nodes {
  public static final long GI = 1024L * 1024 * 1024;
  public static final String GPU = "nvidia.com/gpu";

  private Nodes() {}

  public static Builder node(String name) {
    return new Builder(name);
  }

  /** A snapshot of these nodes and no reservations. */
  public static ClusterSnapshot snapshot(NodeState... nodes) {
    return snapshot(List.of(nodes));
  }

  public static ClusterSnapshot snapshot(List<NodeState> nodes) {
    Map<String, NodeState> byName = new LinkedHashMap<>();
    nodes.forEach(n -> byName.put(n.name(), n));
    return new ClusterSnapshot(1, byName, Map.of());
  }

  public static List<String> names(NodeState... nodes) {
    List<String> names = new ArrayList<>();
    for (NodeState n : nodes) {
      names.add(n.name());
    }
    return names;
  }

  /** Fluent node builder; defaults: 110 pods allocatable, nothing used, no zone. */
  public static final class Builder {
    private final String name;
    private long milliCpu;
    private long memory;
    private long pods = 110;
    private final Map<String, Long> extended = new HashMap<>();
    private long usedMilliCpu;
    private long usedMemory;
    private long usedPods;
    private final Map<String, Long> usedExtended = new HashMap<>();
    private final Map<String, String> labels = new HashMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private boolean unschedulable;

    private Builder(String name) {
      this.name = name;
    }

    public Builder cpu(double cores) {
      milliCpu = Math.round(cores * 1000);
      return this;
    }

    public Builder milliCpu(long milli) {
      milliCpu = milli;
      return this;
    }

    public Builder memGi(double gib) {
      memory = Math.round(gib * GI);
      return this;
    }

    public Builder memory(long bytes) {
      memory = bytes;
      return this;
    }

    public Builder pods(long count) {
      pods = count;
      return this;
    }

    public Builder gpus(long count) {
      extended.put(GPU, count);
      return this;
    }

    /** Requests of pods already bound to the node. */
    public Builder used(double cores, double gib) {
      usedMilliCpu = Math.round(cores * 1000);
      usedMemory = Math.round(gib * GI);
      usedPods = Math.max(usedPods, 1);
      return this;
    }

    public Builder usedPods(long count) {
      usedPods = count;
      return this;
    }

    public Builder usedGpus(long count) {
      usedExtended.put(GPU, count);
      return this;
    }

    public Builder zone(String zone) {
      return label(NodeState.ZONE_LABEL, zone);
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder taint(String key, String value, TaintEffect effect) {
      taints.add(new Taint(key, value, effect));
      return this;
    }

    public Builder cordoned() {
      unschedulable = true;
      return this;
    }

    public NodeState build() {
      Resources allocatable = new Resources(milliCpu, memory, pods, extended);
      Resources requested = new Resources(usedMilliCpu, usedMemory, usedPods, usedExtended);
      return new NodeState(name, labels, taints, unschedulable, allocatable, requested);
    }
  }
}
