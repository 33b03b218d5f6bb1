package io.muster.extender.api;

import java.util.List;
import java.util.Map;

/**
 * The candidate nodes (and their victims) Muster accepts for preemption; a node left out is not
 * preempted. The edge drops any node or victim UID that kube-scheduler did not propose.
 */
public record PreemptVerdict(
    Map<String, List<String>> victimUidsByNode, Map<String, Long> pdbViolationsByNode) {

  public PreemptVerdict {
    victimUidsByNode = PreemptRequest.copy(victimUidsByNode);
    pdbViolationsByNode = Map.copyOf(pdbViolationsByNode);
  }

  /** Accept no preemption at all: the safe answer when a victim set cannot be checked. */
  public static PreemptVerdict none() {
    return new PreemptVerdict(Map.of(), Map.of());
  }

  /** Accept the proposal unchanged (for example, for a pod Muster does not manage). */
  public static PreemptVerdict acceptAll(PreemptRequest request) {
    return new PreemptVerdict(request.victimUidsByNode(), request.pdbViolationsByNode());
  }
}
