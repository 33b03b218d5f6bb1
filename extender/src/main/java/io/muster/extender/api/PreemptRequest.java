package io.muster.extender.api;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-scheduler's preemption proposal for {@code pod}: per candidate node, the UIDs of the pods it
 * would evict and how many PodDisruptionBudgets that would violate (same keys in both maps).
 */
public record PreemptRequest(
    Pod pod, Map<String, List<String>> victimUidsByNode, Map<String, Long> pdbViolationsByNode) {

  public PreemptRequest {
    victimUidsByNode = copy(victimUidsByNode);
    pdbViolationsByNode = Map.copyOf(pdbViolationsByNode);
  }

  /** An unmodifiable, order-keeping deep copy. */
  static Map<String, List<String>> copy(Map<String, List<String>> victims) {
    LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
    victims.forEach((node, uids) -> copy.put(node, List.copyOf(uids)));
    return Collections.unmodifiableMap(copy);
  }
}
