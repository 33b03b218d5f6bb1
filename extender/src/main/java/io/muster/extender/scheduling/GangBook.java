package io.muster.extender.scheduling;

import io.muster.extender.cluster.PodRef;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.placement.model.GangId;
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

    Admitted markFull() {
      return new Admitted(gang, anchor, policy, persisted, driverCreatedAt, true);
    }
  }

  private final Map<GangId, Admitted> admitted = new HashMap<>();
  private final Map<GangId, ResolvedPolicy> policies = new HashMap<>();
  private final Map<GangId, PodRef> waitingDrivers = new LinkedHashMap<>();
  private final Map<GangId, Set<PodRef>> waitingExecutors = new HashMap<>();
  private final Map<String, Set<PodRef>> awaitingConfigMaps = new HashMap<>();

  void admit(Admitted a) {
    admitted.put(a.gang(), a);
    policies.put(a.gang(), a.policy());
    waitingDrivers.remove(a.gang());
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

  /** The gang is gone: forget it and return its admission, if any. */
  Optional<Admitted> forget(GangId gang) {
    policies.remove(gang);
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

  List<PodRef> takeAwaitingConfigMap(String namespace, String name) {
    Set<PodRef> pods = awaitingConfigMaps.remove(namespace + "/" + name);
    return pods == null ? List.of() : List.copyOf(pods);
  }

  int waitingDriverCount() {
    return waitingDrivers.size();
  }
}
