package io.muster.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.e2e.Violations.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The gang invariants: (3) every bound executor of an admitted gang sits on the node of the slot
 * its gang holds for it, or is an extra of a dynamic-allocation gang; (4) no bound driver is left
 * without a reservation while its executors wait, for longer than {@link #ORPHAN_BOUND}; (5) no
 * executor of an admitted static gang waits longer than {@link #EXECUTOR_WAIT_BOUND}; (6) the
 * reservation annotation lives only on drivers of applications that still run.
 */
final class GangChecks {
  static final Duration ORPHAN_BOUND = Duration.ofSeconds(30);

  /** Generous: kube-scheduler's backoff is at most 10 s, and Muster nudges waiting pods. */
  static final Duration EXECUTOR_WAIT_BOUND = Duration.ofSeconds(120);

  static final String RESERVATION = "muster.io/reservation";

  /** The ledger learns of a binding a moment after the API server: two checks in a row. */
  static final int CONFIRM_ROUNDS = 2;

  private final Function<String, Optional<SoakApp>> apps;
  private final Violations found;
  private final Map<String, Long> orphanSince = new HashMap<>();

  GangChecks(Function<String, Optional<SoakApp>> apps, Violations found) {
    this.apps = apps;
    this.found = found;
  }

  /**
   * (3) Over {@code stable} pods (bound before and after the ledger read). The ledger learns of an
   * extra executor only once its informer shows it bound, so a miss is only suspected here.
   */
  void executorsOnTheirSlots(LedgerSample ledger, Collection<Pod> stable) {
    for (Pod p : stable) {
      LedgerSample.Gang g = ledger.gangs().get(label(p, "spark-app-selector"));
      if (!"executor".equals(label(p, "spark-role")) || g == null || !g.reserved()) {
        continue;
      }
      String name = p.getMetadata().getName();
      String node = ApiRoom.nodeOf(p).orElseThrow();
      Optional<LedgerSample.Slot> slot = g.slotOf(name);
      // An extra Muster steered here but has not seen bound yet is assumed on this node.
      boolean extra = g.extras().containsKey(name) || node.equals(g.assumed().get(name));
      boolean dynamic = apps.apply(g.appId()).map(a -> a.plan.dynamic()).orElse(false);
      if (slot.isPresent() && !slot.get().node().equals(node)) {
        found.suspect(
            name,
            Kind.EXECUTOR_OUTSIDE_SLOTS,
            name
                + " bound on "
                + node
                + ", its slot "
                + slot.get().index()
                + " is on "
                + slot.get().node(),
            CONFIRM_ROUNDS);
      } else if (slot.isEmpty() && extra && !dynamic) {
        found.suspect(
            name,
            Kind.STATIC_GANG_EXTRA,
            name + " on " + node + ", gang " + g.appId(),
            CONFIRM_ROUNDS);
      } else if (slot.isEmpty() && !extra) {
        found.suspect(
            name,
            Kind.EXECUTOR_OUTSIDE_SLOTS,
            name + " bound on " + node + ": no slot and not an extra of " + g.appId(),
            CONFIRM_ROUNDS);
      }
    }
  }

  /** (4) A bound driver ({@code stable}) whose gang holds no reservation while executors wait. */
  void noDriverLeftWithoutReservation(
      LedgerSample ledger, Collection<Pod> stable, List<Pod> pods, long now) {
    Set<String> orphans = new HashSet<>();
    for (Pod p : stable) {
      String app = label(p, "spark-app-selector");
      LedgerSample.Gang g = app == null ? null : ledger.gangs().get(app);
      if (app == null || !"driver".equals(label(p, "spark-role")) || g != null && g.reserved()) {
        continue;
      }
      boolean waiting =
          pods.stream()
              .anyMatch(
                  e ->
                      app.equals(label(e, "spark-app-selector"))
                          && "executor".equals(label(e, "spark-role"))
                          && ApiRoom.nodeOf(e).isEmpty());
      if (waiting) {
        orphans.add(app);
        long since = orphanSince.computeIfAbsent(app, k -> now);
        if (now - since > ORPHAN_BOUND.toMillis()) {
          found.once(
              app,
              Kind.DRIVER_WITHOUT_RESERVATION,
              app
                  + ": driver bound, no reservation, executors unbound for "
                  + (now - since)
                  + " ms");
        }
      }
    }
    orphanSince.keySet().retainAll(orphans);
  }

  /** (5) Unbound executors of admitted gangs without dynamic allocation, by their age. */
  void noExecutorStuck(LedgerSample ledger, List<Pod> pods, long now) {
    for (Pod p : pods) {
      LedgerSample.Gang g = ledger.gangs().get(label(p, "spark-app-selector"));
      if (!"executor".equals(label(p, "spark-role"))
          || ApiRoom.nodeOf(p).isPresent()
          || g == null
          || !g.reserved()
          || apps.apply(g.appId()).map(a -> a.plan.dynamic()).orElse(true)) {
        continue;
      }
      long age = now - Instant.parse(p.getMetadata().getCreationTimestamp()).toEpochMilli();
      if (age > EXECUTOR_WAIT_BOUND.toMillis()) {
        found.once(
            p.getMetadata().getUid(),
            Kind.EXECUTOR_STUCK,
            name(p) + " unbound for " + age + " ms; its gang's slots " + g.slots());
      }
    }
  }

  /** (6) The reservation annotation on any pod but a running application's driver. */
  void annotationsOnlyOnLiveDrivers(List<Pod> pods) {
    for (Pod p : pods) {
      Map<String, String> a = p.getMetadata().getAnnotations();
      if (a == null || !a.containsKey(RESERVATION)) {
        continue;
      }
      Optional<SoakApp> app = apps.apply(String.valueOf(label(p, "spark-app-selector")));
      if (!"driver".equals(label(p, "spark-role")) || app.isEmpty() || app.get().gone()) {
        found.once(p.getMetadata().getUid(), Kind.STRAY_RESERVATION_ANNOTATION, "on " + name(p));
      }
    }
  }

  /** After the soak: no pod anywhere still carries the annotation. */
  void noAnnotationLeft(List<Pod> pods) {
    for (Pod p : pods) {
      Map<String, String> a = p.getMetadata().getAnnotations();
      if (a != null && a.containsKey(RESERVATION)) {
        found.add(Kind.STRAY_RESERVATION_ANNOTATION, "left on " + name(p) + " after the soak");
      }
    }
  }

  static String label(Pod p, String key) {
    Map<String, String> l = p.getMetadata().getLabels();
    return l == null ? null : l.get(key);
  }

  static String name(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }
}
