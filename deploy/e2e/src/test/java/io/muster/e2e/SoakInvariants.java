package io.muster.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.e2e.Violations.Kind;
import io.muster.placement.model.Resources;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The soak's invariant checker. Each {@link #check()} reads every pod from the API server, then
 * {@code /debug/gangs}, then every pod again, and judges the ledger only against pods bound in both
 * reads (to the same node): such a pod was bound while the ledger was read, so the lag between
 * Muster's informer view and the API server is never taken for a violation. The checks themselves
 * are {@link RoomChecks} and {@link GangChecks}; here also (7) no secret canary shows in {@code
 * /debug/gangs} or {@code /explain}.
 */
final class SoakInvariants {
  private final ControlPlane plane;
  private final Set<String> canaries;
  private final Violations found = new Violations();
  private final RoomChecks room;
  private final GangChecks gangs;
  private int checks;
  private int passed;
  private int skipped;
  private String lastSkip = "";

  SoakInvariants(
      ControlPlane plane,
      Function<String, Optional<SoakApp>> apps,
      Set<String> canaries,
      int overbookedRounds) {
    this.plane = plane;
    this.canaries = canaries;
    Map<String, Resources> allocatable = new TreeMap<>();
    plane.client().nodes().list().getItems().stream()
        .forEach(n -> allocatable.put(n.getMetadata().getName(), ApiRoom.allocatable(n)));
    this.room = new RoomChecks(allocatable, apps, found, overbookedRounds);
    this.gangs = new GangChecks(apps, found);
  }

  /**
   * One round of every check; returns how many new violations it found (a round without any passed;
   * suspicions that did not, or not yet, become violations are kept as observations). A round whose
   * reads fail (an API or extender call timed out on the busy machine) is counted as skipped, never
   * passed.
   */
  synchronized int check() {
    long now = System.currentTimeMillis();
    List<Pod> first;
    LedgerSample ledger;
    List<Pod> second;
    try {
      first = pods();
      ledger = LedgerSample.of(DebugGangs.read(plane));
      second = pods();
    } catch (RuntimeException e) {
      skipped++;
      lastSkip = String.valueOf(e.getMessage());
      return 0;
    }
    checks++;
    int before = found.total();
    Collection<Pod> stable = boundInBoth(first, second);
    room.nodesNotOvercommitted(second);
    room.ledgerNotOverbooked(ledger, stable);
    room.heldAgreesWithReservations(ledger);
    gangs.executorsOnTheirSlots(ledger, stable);
    gangs.noDriverLeftWithoutReservation(ledger, stable, second, now);
    gangs.noExecutorStuck(ledger, second, now);
    gangs.annotationsOnlyOnLiveDrivers(second);
    noSecrets("/debug/gangs", ledger.raw());
    explainOneDriver(stable);
    found.endRound();
    int fresh = found.total() - before;
    if (fresh == 0) {
      passed++;
    }
    return fresh;
  }

  /** After the soak: no pod anywhere still carries a reservation annotation. */
  synchronized void noReservationAnnotationLeft() {
    gangs.noAnnotationLeft(pods());
  }

  private List<Pod> pods() {
    return plane.client().pods().inAnyNamespace().list().getItems();
  }

  private static Collection<Pod> boundInBoth(List<Pod> first, List<Pod> second) {
    Map<String, String> before = new HashMap<>();
    first.forEach(p -> ApiRoom.nodeOf(p).ifPresent(n -> before.put(p.getMetadata().getUid(), n)));
    return second.stream()
        .filter(
            p ->
                ApiRoom.nodeOf(p)
                    .map(n -> n.equals(before.get(p.getMetadata().getUid())))
                    .orElse(false))
        .toList();
  }

  private void noSecrets(String where, String body) {
    for (String c : canaries) {
      if (body.contains(c)) {
        found.once(where + c, Kind.SECRET_IN_DEBUG_VIEW, where + " shows a secret property value");
      }
    }
  }

  private void explainOneDriver(Collection<Pod> stable) {
    stable.stream()
        .filter(p -> "driver".equals(GangChecks.label(p, "spark-role")))
        .findAny()
        .ifPresent(
            p -> {
              String path = "/explain/" + ControlPlane.NAMESPACE + "/" + p.getMetadata().getName();
              try {
                noSecrets("/explain", plane.extenderGet(path).body());
              } catch (RuntimeException e) {
                lastSkip = path + ": " + e.getMessage(); // the pod may be gone by now
              }
            });
  }

  synchronized int checks() {
    return checks;
  }

  synchronized int passed() {
    return passed;
  }

  synchronized int skipped() {
    return skipped;
  }

  synchronized String lastSkip() {
    return lastSkip;
  }

  synchronized Map<Kind, Integer> counts() {
    return found.counts();
  }

  /** Up to a few messages per kind, in the order found. */
  synchronized List<String> samples() {
    return found.samples();
  }

  /** What single rounds saw (see {@link Violations#observe}). */
  synchronized Map<Kind, Integer> observed() {
    return found.observed();
  }

  synchronized List<String> observedSamples() {
    return found.observedSamples();
  }

  synchronized Map<Kind, Integer> longestStreak() {
    return found.longestStreak();
  }
}
