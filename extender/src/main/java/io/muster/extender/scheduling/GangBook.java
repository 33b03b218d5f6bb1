package io.muster.extender.scheduling;

import io.muster.extender.cluster.PodRef;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.placement.model.GangId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the extender remembers about gangs beside the ledger: the policy each gang was admitted
 * under, the pod its reservation is written on and the last version written, and which pods Muster
 * told to wait (so that exactly those are nudged when their reason goes away). Loop-confined.
 */
final class GangBook {
  /** One admitted gang's edge facts. */
  record Admitted(
      GangId gang,
      PodRef anchor,
      ResolvedPolicy policy,
      PersistedReservation persisted,
      Instant driverCreatedAt,
      boolean fullRecorded) {
    Admitted withPersisted(PersistedReservation next) {
      return new Admitted(gang, anchor, policy, next, driverCreatedAt, fullRecorded);
    }

    /** The reservation now lives on {@code heir}, written as {@code next}. */
    Admitted withAnchor(PodRef heir, PersistedReservation next) {
      return new Admitted(gang, heir, policy, next, driverCreatedAt, fullRecorded);
    }

    Admitted markFull() {
      return new Admitted(gang, anchor, policy, persisted, driverCreatedAt, true);
    }
  }

  private final Map<GangId, Admitted> admitted = new HashMap<>();
  private final Map<GangId, ResolvedPolicy> policies = new HashMap<>();
  private final Map<GangId, PodRef> waitingDrivers = new LinkedHashMap<>();
  private final Map<GangId, Set<PodRef>> waitingExecutors = new HashMap<>();
  private final Map<String, Set<PodRef>> awaitingConfigMaps = new HashMap<>();
  private final Map<GangId, PersistedReservation> attempts = new HashMap<>();
  private final Map<GangId, PendingBind> pendingBinds = new HashMap<>();
  private final Set<String> driversAlone = new java.util.HashSet<>();

  /**
   * An admission answered but not yet in the API: its reservation ({@link Admitted#persisted()}) is
   * written with the driver's binding.
   *
   * @param driver the driver pod, which the binding binds and annotates
   * @param uid the driver's uid (a recreated pod of the same name is not bound)
   * @param observed the driver as the filter request showed it (resourceVersion precondition)
   * @param expected the reservation version the pod carries, which the write may replace
   */
  record PendingBind(
      PodRef driver,
      String uid,
      io.muster.extender.persist.ObservedPod observed,
      Optional<io.muster.extender.persist.ReservationVersion> expected) {}

  /**
   * How long a deleted Spark pod's uid is remembered. kube-scheduler may still be asking about a
   * pod it popped from its queue just before the pod was deleted: that answer can reach the loop
   * after the deletion was applied, and must not re-create the state the deletion removed. The
   * window is one scheduling attempt (seconds); two minutes is ample.
   */
  static final Duration DELETED_MEMORY = Duration.ofMinutes(2);

  private final Map<String, Instant> deletedPods = new LinkedHashMap<>();

  void admit(Admitted a) {
    admitted.put(a.gang(), a);
    policies.put(a.gang(), a.policy());
    waitingDrivers.remove(a.gang());
  }

  /**
   * {@code a} was read from the cluster (at start, another replica's write, a takeover): it is what
   * the pod carries, so an earlier attempt of this replica no longer says what the next write of
   * the gang must expect there.
   */
  void adopt(Admitted a) {
    admit(a);
    attempts.remove(a.gang());
    pendingBinds.remove(a.gang());
  }

  /** {@code gang} was admitted and answered; its reservation goes out with the driver's binding. */
  void awaitBind(GangId gang, PendingBind pending) {
    pendingBinds.put(gang, pending);
  }

  /** The admission of {@code gang} that is answered but not yet written, if any. */
  Optional<PendingBind> pendingBind(GangId gang) {
    return Optional.ofNullable(pendingBinds.get(gang));
  }

  /** The pending reservation of {@code gang} is on the pod now (or will never be written). */
  void bindSettled(GangId gang) {
    pendingBinds.remove(gang);
  }

  /** The driver with {@code uid} was answered as a pod scheduled alone: its bind needs nothing. */
  void driverAlone(String uid) {
    if (uid != null && !uid.isEmpty()) {
      driversAlone.add(uid);
    }
  }

  boolean isDriverAlone(String uid) {
    return uid != null && driversAlone.contains(uid);
  }

  Optional<Admitted> admitted(GangId gang) {
    return Optional.ofNullable(admitted.get(gang));
  }

  void update(Admitted a) {
    admitted.put(a.gang(), a);
  }

  void policy(GangId gang, ResolvedPolicy policy) {
    policies.put(gang, policy);
  }

  Optional<ResolvedPolicy> policy(GangId gang) {
    return Optional.ofNullable(policies.get(gang));
  }

  /** A write of {@code p} is about to go out (it may land even if its answer never comes). */
  void attempted(PersistedReservation p) {
    attempts.put(p.gang(), p);
  }

  /**
   * The newest version of the gang's reservation this replica wrote or tried to write: the next
   * write continues its revision and expects it on the pod. Without this, a retry after a write
   * that timed out but landed would be refused as another writer's reservation, forever.
   */
  Optional<PersistedReservation> lastWritten(GangId gang) {
    PersistedReservation tried = attempts.get(gang);
    PersistedReservation held = admitted.containsKey(gang) ? admitted.get(gang).persisted() : null;
    if (tried == null || (held != null && held.revision() >= tried.revision())) {
      return Optional.ofNullable(held);
    }
    return Optional.of(tried);
  }

  /** The gang is gone: forget it and return its admission, if any. */
  Optional<Admitted> forget(GangId gang) {
    policies.remove(gang);
    attempts.remove(gang);
    pendingBinds.remove(gang);
    waitingDrivers.remove(gang);
    waitingExecutors.remove(gang);
    return Optional.ofNullable(admitted.remove(gang));
  }

  void driverWaits(GangId gang, PodRef driver) {
    waitingDrivers.put(gang, driver);
  }

  List<PodRef> waitingDrivers() {
    return List.copyOf(waitingDrivers.values());
  }

  /**
   * Up to {@code limit} drivers told to wait: those of {@code queue} (gangs in queue order) first,
   * then the others in the order they were told.
   */
  List<PodRef> waitingDrivers(List<GangId> queue, int limit) {
    Set<PodRef> out = new LinkedHashSet<>();
    for (GangId g : queue) {
      PodRef p = waitingDrivers.get(g);
      if (p != null) {
        out.add(p);
      }
    }
    out.addAll(waitingDrivers.values());
    return out.stream().limit(limit).toList();
  }

  void executorWaits(GangId gang, PodRef pod) {
    waitingExecutors.computeIfAbsent(gang, g -> new LinkedHashSet<>()).add(pod);
  }

  /** Executors of {@code gang} that were told to wait; they are forgotten (nudged once). */
  List<PodRef> takeWaitingExecutors(GangId gang) {
    Set<PodRef> pods = waitingExecutors.remove(gang);
    return pods == null ? List.of() : List.copyOf(pods);
  }

  void awaitConfigMap(String namespace, String name, PodRef pod) {
    awaitingConfigMaps.computeIfAbsent(namespace + "/" + name, k -> new LinkedHashSet<>()).add(pod);
  }

  /** The pod is gone: it waits for nothing any more (its gang, if any, is forgotten apart). */
  void forgetPod(PodRef pod) {
    awaitingConfigMaps.values().removeIf(pods -> pods.remove(pod) && pods.isEmpty());
    waitingExecutors.values().removeIf(pods -> pods.remove(pod) && pods.isEmpty());
  }

  /** The pod with {@code uid} is gone (deleted, being deleted, or finished). */
  void podDeleted(String uid, Instant at) {
    if (!uid.isEmpty()) {
      deletedPods.putIfAbsent(uid, at);
      driversAlone.remove(uid);
    }
  }

  /** Whether the pod with {@code uid} was seen gone within {@link #DELETED_MEMORY}. */
  boolean deleted(String uid) {
    return uid != null && !uid.isEmpty() && deletedPods.containsKey(uid);
  }

  /** Forgets deletions seen before {@code cutoff} (oldest first: insertion order is time order). */
  void forgetDeletedBefore(Instant cutoff) {
    var it = deletedPods.values().iterator();
    while (it.hasNext() && it.next().isBefore(cutoff)) {
      it.remove();
    }
  }

  List<PodRef> takeAwaitingConfigMap(String namespace, String name) {
    Set<PodRef> pods = awaitingConfigMaps.remove(namespace + "/" + name);
    return pods == null ? List.of() : List.copyOf(pods);
  }
}
