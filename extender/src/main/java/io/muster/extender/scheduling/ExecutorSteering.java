package io.muster.extender.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.cluster.PodRecord;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.metrics.ExtenderMetrics.Outcome;
import io.muster.extender.metrics.ExtenderMetrics.Role;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.extender.spark.GangInference.Result;
import io.muster.extender.spark.SparkPod;
import io.muster.placement.ExecutorDecision;
import io.muster.placement.Reason;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Steers one executor: to an open slot of its gang on an offered node (one node back, so
 * kube-scheduler skips its Score phase), by moving a slot, into free unreserved room when it is an
 * extra executor, or makes it wait with a reason. O(offered nodes): never re-plans the gang.
 * Loop-confined.
 */
final class ExecutorSteering {
  private final Collaborators c;
  private final GangBook book;
  private final DriverAdmission admission;
  private final ReservationWrites writes;

  ExecutorSteering(
      Collaborators c, GangBook book, DriverAdmission admission, ReservationWrites writes) {
    this.c = c;
    this.book = book;
    this.admission = admission;
    this.writes = writes;
  }

  CompletableFuture<FilterVerdict> decide(Pod pod, SparkPod.Executor e, List<String> nodes) {
    GangId gang = e.gang();
    if (book.deleted(pod.getMetadata().getUid())) {
      // Asked before its deletion, answered after: claiming a slot now would hold it for a pod
      // that no longer exists until the slot-claim timeout.
      return CompletableFuture.completedFuture(
          admission.gone(DriverAdmission.ref(pod), gang, Role.EXECUTOR, nodes));
    }
    Optional<CompletableFuture<FilterVerdict>> afterWrite =
        admission.afterInflightWrite(gang, () -> decide(pod, e, nodes));
    if (afterWrite.isPresent()) {
      // The gang's reservation is being written (a client-mode gang admitted by a sibling): no
      // slot is handed out before it is persisted, and none at all if the write fails.
      return afterWrite.get();
    }
    PodRef ref = new PodRef(e.pod().namespace(), e.pod().name());
    if (c.ledger().reservation(gang).isPresent()) {
      return CompletableFuture.completedFuture(steer(gang, ref, nodes));
    }
    Optional<PodRecord> driver =
        c.view().podsOfApp(gang.namespace(), gang.appId()).stream()
            .filter(p -> p.isDriver() && !p.gone())
            .findFirst();
    if (driver.isEmpty()) {
      return clientMode(pod, ref, nodes);
    }
    if (driver.get().isBound() && c.ledger().phase(gang).isEmpty()) {
      // The driver runs without a gang Muster knows (scheduled alone): executors go where they fit.
      c.metrics().decision(Role.EXECUTOR, Outcome.PASSED);
      return CompletableFuture.completedFuture(FilterVerdict.passAll(nodes));
    }
    book.executorWaits(gang, ref);
    c.metrics().decision(Role.EXECUTOR, Outcome.WAITING, Reason.GANG_NOT_ADMITTED);
    String why =
        c.ledger()
            .gang(gang)
            .flatMap(v -> v.waiting())
            .map(w -> "gang " + gang + " is not admitted yet: " + w.message())
            .orElse(
                "gang "
                    + gang
                    + " is not admitted yet: its driver "
                    + driver.get().name()
                    + " waits for admission");
    return CompletableFuture.completedFuture(FilterVerdict.failAll(nodes, why, true));
  }

  private FilterVerdict steer(GangId gang, PodRef ref, List<String> nodes) {
    ResolvedPolicy policy =
        book.policy(gang).orElseGet(() -> c.policies().policyFor(gang.namespace(), Map.of()));
    Instant now = c.clock().instant();
    // The snapshot only when the decision needs room: an executor taking a slot on an offered
    // node (the common case) must not pay for a view of every node.
    ExecutorDecision d =
        c.ledger().steerAndClaim(gang, ref.name(), nodes, c.view()::snapshot, policy.policy(), now);
    String elsewhere = "executor slots of gang " + gang + " are on other nodes";
    return switch (d) {
      case ExecutorDecision.UseSlot use -> {
        c.metrics().decision(Role.EXECUTOR, Outcome.PLACED);
        yield FilterVerdict.only(use.node(), elsewhere, false);
      }
      case ExecutorDecision.Repair repair -> {
        c.metrics().decision(Role.EXECUTOR, Outcome.PLACED);
        writes.reservationChanged(gang);
        yield FilterVerdict.only(repair.toNode(), elsewhere, false);
      }
      case ExecutorDecision.Extra extra -> {
        // One node, whose room the ledger now holds for this pod until it is seen bound.
        c.metrics().decision(Role.EXECUTOR, Outcome.PLACED);
        yield FilterVerdict.only(
            extra.nodes().get(0),
            "extra executors of gang " + gang + " go to the node Muster holds room on for them",
            true);
      }
      case ExecutorDecision.Wait w -> {
        book.executorWaits(gang, ref);
        c.metrics().decision(Role.EXECUTOR, Outcome.WAITING, w.reason());
        yield FilterVerdict.failAll(nodes, w.message(), w.reason().resolvable());
      }
    };
  }

  /** Executors with no driver pod: a gang when they say their size, else scheduled one by one. */
  private CompletableFuture<FilterVerdict> clientMode(Pod pod, PodRef ref, List<String> nodes) {
    Result r = c.inference().inferClientMode(pod, c.clock().instant());
    if (!(r instanceof Result.Known k)) {
      c.metrics().decision(Role.EXECUTOR, Outcome.PASSED);
      return CompletableFuture.completedFuture(FilterVerdict.passAll(nodes));
    }
    GangId gang = k.spec().id();
    return admission
        .admitAndPersist(pod, ref, k.spec(), nodes)
        .thenApply(
            a ->
                switch (a) {
                  case DriverAdmission.Admission.Admitted ad -> steer(gang, ref, nodes);
                  case DriverAdmission.Admission.Refused refused -> refused.verdict();
                });
  }

  /** Slots a reservation still holds that no executor claimed (for {@code /explain}). */
  static long openSlots(Reservation r) {
    return r.slots().stream().filter(s -> s.pod().isEmpty()).count();
  }
}
