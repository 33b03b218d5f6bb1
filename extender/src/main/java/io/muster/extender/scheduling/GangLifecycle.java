package io.muster.extender.scheduling;

import io.muster.extender.cluster.ClusterListener;
import io.muster.extender.cluster.ConfigMapRecord;
import io.muster.extender.cluster.EventReason;
import io.muster.extender.cluster.EventTarget;
import io.muster.extender.cluster.PodRecord;
import io.muster.extender.cluster.PodRef;
import io.muster.placement.ledger.Expiry;
import io.muster.placement.model.GangId;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.SlotState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the informers see into ledger changes (drivers and executors bound or gone, a
 * persisted reservation changed: handed to the {@link ReservationFollower}), applies timeouts, and
 * nudges exactly the pods whose reason to wait went away. Informer callbacks only hop onto the
 * decision loop; the work happens there.
 */
final class GangLifecycle implements ClusterListener {
  private static final Logger LOG = LoggerFactory.getLogger(GangLifecycle.class);

  /** Waiting drivers nudged per room-freeing event; the queue order decides who gets in. */
  private static final int NUDGE_BATCH = 16;

  private final Collaborators c;
  private final DecisionLoop loop;
  private final GangBook book;
  private final ConfigMapHolds holds;
  private final ReservationWrites writes;
  private final ReplicaRole role;
  private final BiConsumer<GangId, PodRef> reservationChanged;
  private final BiConsumer<GangId, PodRecord> driverBound;
  private final java.util.function.Consumer<PodRef> driverGone;
  private final String musterNamespace;
  private final String policyConfigMap;

  GangLifecycle(
      Collaborators c,
      DecisionLoop loop,
      GangBook book,
      ConfigMapHolds holds,
      ReservationWrites writes,
      ReplicaRole role,
      BiConsumer<GangId, PodRef> reservationChanged,
      BiConsumer<GangId, PodRecord> driverBound,
      java.util.function.Consumer<PodRef> driverGone,
      PolicyLocation policyLocation) {
    this.c = c;
    this.loop = loop;
    this.book = book;
    this.holds = holds;
    this.writes = writes;
    this.role = role;
    this.reservationChanged = reservationChanged;
    this.driverBound = driverBound;
    this.driverGone = driverGone;
    this.musterNamespace = policyLocation.namespace();
    this.policyConfigMap = policyLocation.name();
  }

  /** Where Muster's policy ConfigMap lives. */
  record PolicyLocation(String namespace, String name) {}

  /** Every executor departure reaches {@link #podGone}, which tells the view it was applied. */
  @Override
  public boolean settlesDepartures() {
    return true;
  }

  @Override
  public void podChanged(Optional<PodRecord> previous, PodRecord current) {
    if (current.gone()) {
      boolean newlyGone = previous.isEmpty() || !previous.get().gone();
      // A pod being deleted that now finishes leaves its node: the view holds its room until told.
      boolean leftItsNode =
          previous.isPresent() && previous.get().countsOnNode() && !current.countsOnNode();
      if (newlyGone || leftItsNode) {
        loop.run(() -> podGone(current, false));
      }
      return;
    }
    if (current.appId().isPresent() && ReservationFollower.annotationChanged(previous, current)) {
      GangId gang = new GangId(current.namespace(), current.appId().get());
      loop.run(() -> reservationChanged.accept(gang, current.ref()));
    }
    boolean newlyBound = current.isBound() && (previous.isEmpty() || !previous.get().isBound());
    if (newlyBound && current.appId().isPresent() && (current.isDriver() || current.isExecutor())) {
      loop.run(() -> bound(current));
    }
  }

  @Override
  public void podDeleted(PodRecord last) {
    loop.run(() -> podGone(last, true));
  }

  @Override
  public void nodeChanged(Optional<NodeState> previous, Optional<NodeState> current) {
    if (previous.isEmpty()
        || current.isEmpty()
        || !previous.get().allocatable().equals(current.get().allocatable())
        || previous.get().unschedulable() != current.get().unschedulable()
        || !previous.get().taints().equals(current.get().taints())
        || !previous.get().labels().equals(current.get().labels())) {
      loop.run(this::nudgeQueue);
    }
  }

  @Override
  public void configMapChanged(ConfigMapRecord cm) {
    holds.arrived(cm.namespace(), cm.name());
    if (isPolicy(cm)) {
      c.policies().onConfigMapData(Optional.of(cm.data()));
      return;
    }
    loop.run(() -> book.takeAwaitingConfigMap(cm.namespace(), cm.name()).forEach(this::nudge));
  }

  @Override
  public void configMapDeleted(ConfigMapRecord cm) {
    if (isPolicy(cm)) {
      c.policies().onConfigMapData(Optional.empty());
    }
  }

  private boolean isPolicy(ConfigMapRecord cm) {
    return cm.namespace().equals(musterNamespace) && cm.name().equals(policyConfigMap);
  }

  private void bound(PodRecord pod) {
    GangId gang = new GangId(pod.namespace(), pod.appId().orElseThrow());
    Instant now = c.clock().instant();
    String node = pod.nodeName().orElseThrow();
    if (pod.isDriver()) {
      c.ledger().observeDriverBound(gang, node, now);
      driverBound.accept(gang, pod);
    } else {
      c.ledger().observeExecutorBound(gang, pod.name(), node, now);
    }
    recordFullGang(gang, now);
  }

  private void recordFullGang(GangId gang, Instant now) {
    Optional<GangBook.Admitted> admitted = book.admitted(gang);
    Optional<Reservation> r = c.ledger().reservation(gang);
    if (admitted.isEmpty() || admitted.get().fullRecorded() || r.isEmpty()) {
      return;
    }
    boolean full =
        (r.get().driverBound() || r.get().driverNode().isEmpty())
            && r.get().slots().stream().allMatch(s -> s.state() == SlotState.BOUND);
    if (full) {
      c.metrics().gangTimeToFull(Duration.between(admitted.get().driverCreatedAt(), now));
      book.update(admitted.get().markFull());
    }
  }

  /**
   * Applies a pod's departure to the ledger and, in the same step of the loop, lets the view stop
   * counting its requests: no decision ever sees an executor's room both free in the view and not
   * yet held again by its reopened slot. {@code removed}: the pod is gone from the API (else it is
   * being deleted, or finished). Idempotent (a pod may be reported gone twice).
   */
  private void podGone(PodRecord pod, boolean removed) {
    try {
      applyDeparture(pod, removed);
    } finally {
      c.view().departureApplied(pod);
    }
    if (pod.isBound()) {
      nudgeQueue();
    }
  }

  private void applyDeparture(PodRecord pod, boolean removed) {
    book.forgetPod(pod.ref());
    Optional<String> app = pod.appId();
    if (app.isPresent() && (pod.isDriver() || pod.isExecutor())) {
      GangId gang = new GangId(pod.namespace(), app.get());
      Instant now = c.clock().instant();
      // A filter answer for this pod still in flight must not bring its gang or slot back.
      book.podDeleted(pod.uid(), now);
      if (pod.isDriver()) {
        driverGone.accept(pod.ref());
        release(gang, "driver " + pod.name() + " is gone");
      } else {
        // A bound executor being deleted still counts on its node (for kube-scheduler and the
        // view) until it is removed: its slot stays BOUND until then, or the slot would hold the
        // same room a second time.
        boolean leftItsNode = removed || !pod.countsOnNode();
        if (leftItsNode && c.ledger().releaseExecutor(gang, pod.name(), now)) {
          book.takeWaitingExecutors(gang).forEach(this::nudge);
        }
        if (clientModeAppGone(gang)) {
          release(gang, "no live pod of the client-mode application is left");
        } else {
          writes.anchorGone(gang, pod.ref());
        }
      }
    }
  }

  /**
   * A client-mode gang has no driver pod whose end would release it: it ends when none of its pods
   * lives, the same rule recovery applies to a persisted client-mode reservation.
   */
  private boolean clientModeAppGone(GangId gang) {
    boolean clientMode = c.ledger().gang(gang).map(v -> v.gang().driver().isEmpty()).orElse(false);
    return clientMode
        && c.view().podsOfApp(gang.namespace(), gang.appId()).stream().allMatch(PodRecord::gone);
  }

  /** The whole gang goes: its room is free again and the waiting queue may move. */
  void release(GangId gang, String why) {
    boolean known = c.ledger().phase(gang).isPresent();
    c.ledger().release(gang);
    book.forget(gang);
    if (known) {
      // Also when it only waited: younger gangs queued behind it (strict FIFO) may go now.
      LOG.info("gang={} released: {}", gang, why);
      nudgeQueue();
    }
  }

  /** Applies every timeout due now; runs on the loop. */
  void sweep() {
    book.forgetDeletedBefore(c.clock().instant().minus(GangBook.DELETED_MEMORY));
    for (Expiry e : c.ledger().expire(c.clock().instant())) {
      switch (e) {
        case Expiry.ReservationExpired r -> {
          // An admission whose binding never came wrote nothing: nothing to remove from the pod.
          boolean unwritten = book.pendingBind(r.gang()).isPresent();
          Optional<GangBook.Admitted> a = book.forget(r.gang()).filter(adm -> !unwritten);
          String why =
              "reservation of gang "
                  + r.gang()
                  + " expired: its driver did not bind within the policy's driverBindTimeout";
          LOG.info("gang={} outcome=expired {}", r.gang(), why);
          // A standby lets the leader remove the annotation: its own clock and view may differ.
          a.filter(adm -> role.serving())
              .ifPresent(
                  adm -> {
                    c.events()
                        .record(
                            EventTarget.pod(adm.anchor(), ""),
                            EventReason.RESERVATION_EXPIRED,
                            why);
                    c.store().release(adm.anchor(), adm.persisted());
                    nudge(adm.anchor());
                  });
          nudgeQueue();
        }
        case Expiry.SlotsExpired s -> {
          LOG.info(
              "gang={} slots expired: {} dropped, {} reopened",
              s.gang(),
              s.dropped().size(),
              s.unclaimed().size());
          writes.reservationChanged(s.gang());
          // Reopened slots may serve executors of this gang that were told to wait.
          book.takeWaitingExecutors(s.gang()).forEach(this::nudge);
          nudgeQueue();
        }
        case Expiry.ExtrasUnassumed x -> {
          LOG.info(
              "gang={} extra executors never bound, room no longer held: {}", x.gang(), x.pods());
          nudgeQueue();
        }
        case Expiry.WaitingExpired w -> {
          book.forget(w.gang());
          nudgeQueue(); // it may have been the head of a strict-FIFO queue
        }
      }
    }
  }

  private void nudgeQueue() {
    List<GangId> queue = c.ledger().waiting().stream().map(w -> w.gang().id()).toList();
    book.waitingDrivers(queue, NUDGE_BATCH).forEach(this::nudge);
  }

  private void nudge(PodRef pod) {
    c.nudger().nudge(pod);
    c.metrics().nudge();
  }
}
