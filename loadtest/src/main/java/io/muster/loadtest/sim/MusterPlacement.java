package io.muster.loadtest.sim;

import io.muster.placement.ExecutorDecision;
import io.muster.placement.PlacementDecision;
import io.muster.placement.ledger.GangLedger;
import io.muster.placement.model.Checks;
import io.muster.placement.model.Resources;
import io.muster.placement.policy.PlacementPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * kube-scheduler with Muster as its extender, driven through the real {@link GangLedger}: the
 * scheduler's own filter offers the nodes where the pod fits among bound pods (it knows nothing of
 * reservations); when none does, the extender is never asked, exactly as in kube-scheduler. A
 * driver goes where its gang's reservation put it; an executor goes to its slot (or a repaired or
 * extra node, best first).
 */
final class MusterPlacement implements PodPlacement {
  private final GangLedger ledger = new GangLedger();
  private final PlacementPolicy policy;

  MusterPlacement(PlacementPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Optional<String> place(SimPod pod, SimCluster cluster, long now) {
    List<String> offered = cluster.fitting(pod.request);
    if (offered.isEmpty()) {
      return Optional.empty();
    }
    Instant at = Instant.ofEpochMilli(now);
    Optional<String> node =
        pod.driver()
            ? switch (ledger.admit(pod.app.gang, offered, policy, cluster.snapshot(), at)) {
              case PlacementDecision.Placed p -> p.reservation().driverNode();
              case PlacementDecision.Unschedulable u -> Optional.empty();
            }
            : switch (ledger.steerAndClaim(
                pod.app.gang.id(), pod.name, offered, cluster.snapshot(), policy, at)) {
              case ExecutorDecision.UseSlot use -> Optional.of(use.node());
              case ExecutorDecision.Repair repair -> Optional.of(repair.toNode());
              case ExecutorDecision.Extra extra -> Optional.of(extra.nodes().get(0));
              case ExecutorDecision.Wait w -> Optional.empty();
            };
    node.ifPresent(
        n ->
            Checks.requireState(
                offered.contains(n), "muster chose %s, which was not offered for %s", n, pod.name));
    return node;
  }

  @Override
  public void bound(SimPod pod, String node, long now) {
    Instant at = Instant.ofEpochMilli(now);
    if (pod.driver()) {
      ledger.observeDriverBound(pod.app.gang.id(), node, at);
    } else {
      ledger.observeExecutorBound(pod.app.gang.id(), pod.name, node, at);
    }
  }

  @Override
  public void appDone(AppRun app, long now) {
    ledger.release(app.gang.id());
  }

  @Override
  public void tick(long now) {
    ledger.expire(Instant.ofEpochMilli(now));
  }

  @Override
  public Resources heldOn(String node) {
    return ledger.heldOn(node);
  }
}
