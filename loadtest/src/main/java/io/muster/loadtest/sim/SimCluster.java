package io.muster.loadtest.sim;

import io.muster.loadtest.trace.ClusterShape;
import io.muster.placement.model.Checks;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The simulated nodes and what bound pods request on each, as kube-scheduler's cache sees them.
 * Nodes are kept in name order, which is also first-fit order. The immutable {@link
 * ClusterSnapshot} handed to {@code placement} is rebuilt only after a change.
 */
final class SimCluster {
  private final ClusterShape shape;
  private final TreeMap<String, NodeState> nodes = new TreeMap<>();
  private final Map<String, Integer> podsOn = new HashMap<>();
  private int nextIndex;
  private long generation;
  private ClusterSnapshot snapshot;
  private long requestedMilliCpu;

  SimCluster(ClusterShape shape) {
    this.shape = shape;
    for (int i = 0; i < shape.nodes(); i++) {
      addNode();
    }
  }

  /** Adds a node of the cluster's shape in the next zone; returns its name. */
  String addNode() {
    String name = ClusterShape.nodeName(nextIndex);
    Map<String, String> labels =
        Map.of(NodeState.ZONE_LABEL, shape.zoneOf(nextIndex), "kubernetes.io/hostname", name);
    nextIndex++;
    nodes.put(
        name,
        new NodeState(name, labels, List.of(), false, shape.nodeAllocatable(), Resources.ZERO));
    podsOn.put(name, 0);
    changed();
    return name;
  }

  void removeNode(String name) {
    Checks.requireState(podsOn.get(name) == 0, "node %s still has pods", name);
    nodes.remove(name);
    podsOn.remove(name);
    changed();
  }

  void bind(String node, Resources request) {
    NodeState n = existing(node);
    Checks.requireState(request.fitsIn(n.free()), "node %s: %s does not fit", node, request);
    nodes.put(node, n.withRequested(n.requested().plus(request)));
    podsOn.merge(node, 1, Integer::sum);
    requestedMilliCpu += request.milliCpu();
    changed();
  }

  void unbind(String node, Resources request) {
    NodeState n = existing(node);
    Checks.requireState(request.fitsIn(n.requested()), "node %s: unbinding %s", node, request);
    nodes.put(node, n.withRequested(n.requested().minusClamped(request)));
    podsOn.merge(node, -1, Integer::sum);
    requestedMilliCpu -= request.milliCpu();
    changed();
  }

  /** Nodes whose free room (allocatable − bound requests) fits {@code request}, in name order. */
  List<String> fitting(Resources request) {
    List<String> names = new ArrayList<>();
    for (NodeState n : nodes.values()) {
      if (request.fitsIn(n.free())) {
        names.add(n.name());
      }
    }
    return names;
  }

  Optional<String> firstFitting(Resources request) {
    for (NodeState n : nodes.values()) {
      if (request.fitsIn(n.free())) {
        return Optional.of(n.name());
      }
    }
    return Optional.empty();
  }

  ClusterSnapshot snapshot() {
    if (snapshot == null) {
      snapshot = new ClusterSnapshot(generation, nodes, Map.of());
    }
    return snapshot;
  }

  String zone(String node) {
    return existing(node).zone();
  }

  Resources free(String node) {
    return existing(node).free();
  }

  boolean empty(String node) {
    return podsOn.getOrDefault(node, -1) == 0;
  }

  boolean contains(String node) {
    return nodes.containsKey(node);
  }

  int size() {
    return nodes.size();
  }

  /** Node names in name order. */
  List<String> names() {
    return List.copyOf(nodes.keySet());
  }

  long capacityMilliCpu() {
    return shape.nodeAllocatable().milliCpu() * nodes.size();
  }

  long requestedMilliCpu() {
    return requestedMilliCpu;
  }

  ClusterShape shape() {
    return shape;
  }

  private NodeState existing(String node) {
    NodeState n = nodes.get(node);
    Checks.requireState(n != null, "unknown node %s", node);
    return n;
  }

  private void changed() {
    generation++;
    snapshot = null;
  }
}
