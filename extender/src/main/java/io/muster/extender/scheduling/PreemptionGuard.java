package io.muster.extender.scheduling;

import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.PreemptVerdict;
import io.muster.extender.cluster.PodRecord;
import io.muster.extender.spark.PodClassifier;
import io.muster.extender.spark.SparkPod;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Trims kube-scheduler's preemption candidates so that preemption never breaks an admitted gang (no
 * driver of a reserved gang, no executor holding a slot, is ever a victim) and never runs for an
 * executor on a node outside its gang's slots. Loop-confined.
 */
final class PreemptionGuard {
  private final Collaborators c;

  PreemptionGuard(Collaborators c) {
    this.c = c;
  }

  PreemptVerdict judge(PreemptRequest r) {
    Optional<Set<String>> allowed = allowedNodes(r);
    Map<String, PodRecord> byUid = victimsByUid(r);
    Map<String, List<String>> kept = new LinkedHashMap<>();
    Map<String, Long> pdb = new HashMap<>();
    r.victimUidsByNode()
        .forEach(
            (node, uids) -> {
              boolean nodeAllowed = allowed.map(s -> s.contains(node)).orElse(true);
              boolean protectedVictim =
                  uids.stream().map(byUid::get).anyMatch(p -> p != null && holdsGangRoom(p));
              if (nodeAllowed && !protectedVictim && !uids.isEmpty()) {
                kept.put(node, uids);
                pdb.put(node, r.pdbViolationsByNode().getOrDefault(node, 0L));
              }
            });
    return new PreemptVerdict(kept, pdb);
  }

  /**
   * Nodes the preemptor may preempt on; empty means no restriction. An executor of a gang Muster
   * holds may preempt only on its gang's slot nodes (none while the gang waits); one Muster holds
   * no gang for is scheduled individually, like any pod.
   */
  private Optional<Set<String>> allowedNodes(PreemptRequest r) {
    if (!(PodClassifier.classify(r.pod()) instanceof SparkPod.Executor e)
        || c.ledger().phase(e.gang()).isEmpty()) {
      return Optional.empty();
    }
    Optional<Reservation> res = c.ledger().reservation(e.gang());
    Set<String> nodes = new HashSet<>();
    res.ifPresent(x -> x.slots().forEach(s -> nodes.add(s.node())));
    return Optional.of(nodes);
  }

  private Map<String, PodRecord> victimsByUid(PreemptRequest r) {
    Set<String> wanted = new HashSet<>();
    r.victimUidsByNode().values().forEach(wanted::addAll);
    Map<String, PodRecord> out = new HashMap<>();
    for (PodRecord p : c.view().pods()) {
      if (wanted.contains(p.uid())) {
        out.put(p.uid(), p);
      }
    }
    return out;
  }

  private boolean holdsGangRoom(PodRecord victim) {
    if (victim.appId().isEmpty()) {
      return false;
    }
    GangId gang = new GangId(victim.namespace(), victim.appId().get());
    Optional<Reservation> res = c.ledger().reservation(gang);
    if (res.isEmpty()) {
      return false;
    }
    if (victim.isDriver()) {
      return true;
    }
    return res.get().slots().stream()
        .map(Slot::pod)
        .anyMatch(p -> p.isPresent() && p.get().equals(victim.name()));
  }
}
