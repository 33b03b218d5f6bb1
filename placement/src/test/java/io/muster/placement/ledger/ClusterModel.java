package io.muster.placement.ledger;

import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangId;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the extender's informer-fed cluster view would show: nodes whose requested room grows and
 * shrinks as the simulated kube-scheduler binds pods and pods go away.
 */
final class ClusterModel {
  record BoundPod(GangId gang, String node, Resources demand) {}

  private final Map<String, NodeState> nodes = new LinkedHashMap<>();
  private final Map<String, BoundPod> bound = new HashMap<>();
  private final boolean reversed;
  private long generation;

  ClusterModel(List<NodeState> initial, boolean reversed) {
    initial.forEach(n -> nodes.put(n.name(), n));
    this.reversed = reversed;
  }

  /** The snapshot, built in node order or reversed (map order must not matter). */
  ClusterSnapshot snapshot() {
    List<NodeState> order = new ArrayList<>(nodes.values());
    if (reversed) {
      Collections.reverse(order);
    }
    Map<String, NodeState> byName = new LinkedHashMap<>();
    order.forEach(n -> byName.put(n.name(), n));
    return new ClusterSnapshot(++generation, byName, Map.of());
  }

  Map<String, NodeState> nodes() {
    return nodes;
  }

  List<String> names() {
    return List.copyOf(nodes.keySet());
  }

  /** kube-scheduler's own fit check: bound requests only. */
  boolean fits(String node, Resources demand) {
    NodeState n = nodes.get(node);
    return n != null && n.requested().plus(demand).fitsIn(n.allocatable());
  }

  void bind(String pod, GangId gang, String node, Resources demand) {
    bound.put(pod, new BoundPod(gang, node, demand));
    NodeState n = nodes.get(node);
    nodes.put(node, n.withRequested(n.requested().plus(demand)));
  }

  boolean isBound(String pod) {
    return bound.containsKey(pod);
  }

  void remove(String pod) {
    BoundPod p = bound.remove(pod);
    if (p != null) {
      NodeState n = nodes.get(p.node());
      nodes.put(p.node(), n.withRequested(n.requested().minusClamped(p.demand())));
    }
  }

  void removeGang(GangId gang) {
    for (String pod : List.copyOf(bound.keySet())) {
      if (bound.get(pod).gang().equals(gang)) {
        remove(pod);
      }
    }
  }
}
