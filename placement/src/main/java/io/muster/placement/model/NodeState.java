package io.muster.placement.model;

import java.util.List;
import java.util.Map;

/**
 * One node as the cluster view sees it: labels, taints, cordon flag, allocatable room and the sum
 * of the requests of every pod bound to it (whatever its scheduler). Reservations are not counted
 * here.
 */
public record NodeState(
    String name,
    Map<String, String> labels,
    List<Taint> taints,
    boolean unschedulable,
    Resources allocatable,
    Resources requested) {
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  public NodeState {
    Checks.requireArgument(name != null && !name.isEmpty(), "node name is empty");
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    Checks.requireArgument(
        allocatable != null && requested != null, "node %s lacks resources", name);
  }

  /** Zone label value, or the empty string when the node has none. */
  public String zone() {
    return labels.getOrDefault(ZONE_LABEL, "");
  }

  /** Allocatable minus bound requests, never negative. */
  public Resources free() {
    return allocatable.minusClamped(requested);
  }

  public NodeState withRequested(Resources newRequested) {
    return new NodeState(name, labels, taints, unschedulable, allocatable, newRequested);
  }
}
