package io.muster.placement.model;

import java.util.List;
import java.util.Map;

/**
 * Where a pod may run: its node selector, required node-affinity terms (any term may match; none
 * means no constraint) and tolerations. A cordoned node admits no new pod.
 */
public record PodConstraints(
    Map<String, String> nodeSelector,
    List<NodeSelectorTerm> requiredTerms,
    List<Toleration> tolerations) {
  public static final PodConstraints NONE = new PodConstraints(Map.of(), List.of(), List.of());

  public PodConstraints {
    nodeSelector = Map.copyOf(nodeSelector);
    requiredTerms = List.copyOf(requiredTerms);
    tolerations = List.copyOf(tolerations);
  }

  public boolean admits(NodeState node) {
    if (node.unschedulable()) {
      return false;
    }
    for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
      if (!e.getValue().equals(node.labels().get(e.getKey()))) {
        return false;
      }
    }
    if (!requiredTerms.isEmpty()
        && requiredTerms.stream().noneMatch(t -> t.matches(node.labels()))) {
      return false;
    }
    for (Taint taint : node.taints()) {
      if (taint.effect().repels() && tolerations.stream().noneMatch(t -> t.tolerates(taint))) {
        return false;
      }
    }
    return true;
  }
}
