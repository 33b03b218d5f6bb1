package io.muster.placement.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.ExecutorDecision;
import io.muster.placement.ExecutorDecision.Extra;
import io.muster.placement.ExecutorDecision.Repair;
import io.muster.placement.ExecutorDecision.UseSlot;
import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementRequest;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangPhase;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import io.muster.placement.strategy.GangPlanner;
import io.muster.placement.strategy.HeldRoom;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Genes;
import io.muster.placement.testing.RandomScenarios;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drives a {@link GangLedger} through a random sequence of arrivals, executor decisions, bindings
 * (by a simulated kube-scheduler that only binds where it was told and where room exists), executor
 * and gang releases, abandons and expiry, and checks the invariants after every step.
 */
final class LedgerSimulation {
  private final GangLedger ledger = new GangLedger();
  private final ClusterModel cluster;
  private final List<GangSpec> gangs = new ArrayList<>();
  private final Map<GangId, PlacementPolicy> policies = new HashMap<>();

  /** Executor pods steered but not bound yet: pod → (gang, node kube-scheduler will bind). */
  private final Map<String, Map.Entry<GangId, String>> pending = new LinkedHashMap<>();

  private final List<String> log = new ArrayList<>();
  private Instant now = Gangs.EPOCH.plusSeconds(1000);
  private int podCounter;

  /** Counters for statistics: how far the scenario got. */
  int admitted;

  int executorsBound;
  int extras;
  int queueBlocks;

  LedgerSimulation(Genes g, QueueDiscipline forced, boolean reversedMaps) {
    // Half the scenarios are a small homogeneous cluster and similar gangs: contention, queues.
    boolean contended = g.chance(50);
    cluster =
        new ClusterModel(
            contended ? RandomScenarios.contendedNodes(g) : RandomScenarios.nodes(g), reversedMaps);
    int count = 1 + g.next(5);
    for (int i = 0; i < count; i++) {
      GangSpec gang =
          contended ? RandomScenarios.contendedGang(g, "g" + i) : RandomScenarios.gang(g, "g" + i);
      gangs.add(gang);
      QueueDiscipline queue =
          forced != null
              ? forced
              : QueueDiscipline.values()[g.next(QueueDiscipline.values().length)];
      policies.put(gang.id(), RandomScenarios.policy(g, queue));
    }
  }

  List<String> log() {
    return log;
  }

  void run(Genes g, int steps) {
    checkInvariants();
    for (int i = 0; i < steps; i++) {
      step(g);
      checkInvariants();
    }
  }

  private void step(Genes g) {
    GangSpec gang = gangs.get(g.next(gangs.size()));
    PlacementPolicy policy = policies.get(gang.id());
    switch (g.next(11)) {
      case 0, 1 -> admit(gang, RandomScenarios.offered(g, List.copyOf(cluster.nodes().values())));
      case 2, 3, 4 -> steer(gang, policy, g);
      case 5, 6 -> bindPending(g);
      case 7 -> bindDriver(gang);
      case 8 -> releaseExecutor(gang, g);
      case 9 -> release(gang);
      default -> {
        if (g.chance(20)) {
          abandon(gang);
        } else {
          now = now.plusSeconds(20L * g.next(20));
          expire();
        }
      }
    }
  }

  private void admit(GangSpec gang, List<String> offered) {
    boolean hadReservation = ledger.reservation(gang.id()).isPresent();
    List<WaitingGang> waitingBefore = ledger.waiting();
    Map<GangId, Reservation> activeBefore = ledger.active();
    Map<String, Resources> assumedBefore = assumedByNode();
    PlacementDecision d =
        ledger.admit(gang, offered, policies.get(gang.id()), cluster.snapshot(), now);
    log.add("admit " + gang.id() + " -> " + d);
    if (d instanceof Placed p && !hadReservation) {
      admitted++;
      assertAllOrNothing(gang, p.reservation());
      assertQueueRespected(gang, p.reservation(), waitingBefore, activeBefore, assumedBefore);
    } else if (d instanceof PlacementDecision.Unschedulable u
        && u.reason() == io.muster.placement.Reason.EARLIER_GANG_FIRST) {
      queueBlocks++;
    }
  }

  private void steer(GangSpec gang, PlacementPolicy policy, Genes g) {
    List<String> offered = RandomScenarios.offered(g, List.copyOf(cluster.nodes().values()));
    // A retry of a pending pod of this gang, or a new executor pod.
    String pod =
        pending.entrySet().stream()
            .filter(e -> e.getValue().getKey().equals(gang.id()))
            .map(Map.Entry::getKey)
            .findFirst()
            .filter(p -> g.chance(30))
            .orElse(gang.id().appId() + "-e" + podCounter++);
    ExecutorDecision d =
        ledger.steerAndClaim(gang.id(), pod, offered, cluster.snapshot(), policy, now);
    log.add("steer " + pod + " -> " + d);
    switch (d) {
      case UseSlot use -> pending.put(pod, Map.entry(gang.id(), use.node()));
      case Repair repair -> pending.put(pod, Map.entry(gang.id(), repair.toNode()));
      case Extra extra -> {
        // Like a slot, an extra is bound later (other decisions may come first): the ledger
        // holds its room on the one node it names until then.
        assertThat(extra.nodes()).hasSize(1);
        String node = extra.nodes().get(0);
        assertThat(offered).contains(node);
        assertThat(ledger.gang(gang.id()).orElseThrow().assumedExtras()).containsEntry(pod, node);
        pending.put(pod, Map.entry(gang.id(), node));
        extras++;
      }
      case ExecutorDecision.Wait w ->
          // kube-scheduler asks again only after the pod's earlier answer failed to bind: a pod
          // told
          // to wait now is not bound where it was sent before.
          pending.remove(pod);
    }
    if (d instanceof UseSlot || d instanceof Repair) {
      String node = pending.get(pod).getValue();
      assertThat(offered).contains(node);
    }
  }

  private void bindPending(Genes g) {
    if (pending.isEmpty()) {
      return;
    }
    List<String> pods = List.copyOf(pending.keySet());
    String pod = pods.get(g.next(pods.size()));
    Map.Entry<GangId, String> target = pending.remove(pod);
    GangSpec gang = spec(target.getKey());
    if (!cluster.fits(target.getValue(), gang.executor())) {
      log.add("bind " + pod + " refused by kube-scheduler on " + target.getValue());
      return;
    }
    cluster.bind(pod, gang.id(), target.getValue(), gang.executor());
    ledger.observeExecutorBound(gang.id(), pod, target.getValue(), now);
    executorsBound++;
    log.add("bound " + pod + " on " + target.getValue());
  }

  private void bindDriver(GangSpec gang) {
    Optional<Reservation> r = ledger.reservation(gang.id());
    if (r.isEmpty() || r.get().driverBound() || r.get().driverNode().isEmpty()) {
      return;
    }
    String node = r.get().driverNode().get();
    cluster.bind(gang.id() + "-driver", gang.id(), node, gang.driver().orElseThrow());
    ledger.observeDriverBound(gang.id(), node, now);
    log.add("driver bound " + gang.id() + " on " + node);
  }

  private void releaseExecutor(GangSpec gang, Genes g) {
    List<String> candidates = new ArrayList<>();
    ledger
        .reservation(gang.id())
        .ifPresent(r -> r.slots().forEach(s -> s.pod().ifPresent(candidates::add)));
    ledger.gang(gang.id()).ifPresent(v -> candidates.addAll(v.extraExecutors().keySet()));
    ledger.gang(gang.id()).ifPresent(v -> candidates.addAll(v.assumedExtras().keySet()));
    if (candidates.isEmpty()) {
      return;
    }
    String pod = candidates.get(g.next(candidates.size()));
    cluster.remove(pod);
    pending.remove(pod);
    ledger.releaseExecutor(gang.id(), pod, now);
    log.add("executor gone " + pod);
  }

  private void release(GangSpec gang) {
    Map<String, Resources> before = heldByNode();
    Map<String, Resources> assumed = new HashMap<>();
    ledger
        .gang(gang.id())
        .ifPresent(
            v ->
                v.assumedExtras()
                    .values()
                    .forEach(n -> assumed.merge(n, gang.executor(), Resources::plus)));
    Optional<Reservation> released = ledger.release(gang.id());
    cluster.removeGang(gang.id());
    pending.values().removeIf(e -> e.getKey().equals(gang.id()));
    log.add("release " + gang.id() + " -> " + released.isPresent());
    Map<String, Resources> after = heldByNode();
    for (String node : cluster.names()) {
      Resources freed =
          released
              .map(r -> r.heldOn(node))
              .orElse(Resources.ZERO)
              .plus(assumed.getOrDefault(node, Resources.ZERO));
      assertThat(after.get(node))
          .as("held on %s after releasing %s", node, gang.id())
          .isEqualTo(before.get(node).minusClamped(freed));
      assertThat(before.get(node)).isEqualTo(after.get(node).plus(freed));
    }
  }

  private void abandon(GangSpec gang) {
    if (ledger.phase(gang.id()).equals(Optional.of(GangPhase.RESERVED))) {
      ledger.abandon(gang.id(), now);
      pending.values().removeIf(e -> e.getKey().equals(gang.id()));
      log.add("abandon " + gang.id());
    }
  }

  private void expire() {
    List<Expiry> expired = ledger.expire(now);
    for (Expiry e : expired) {
      switch (e) {
        case Expiry.ReservationExpired r ->
            pending.values().removeIf(p -> p.getKey().equals(r.gang()));
        case Expiry.SlotsExpired s ->
            s.unclaimed().forEach(slot -> slot.pod().ifPresent(pending::remove));
        case Expiry.WaitingExpired w -> {}
        case Expiry.ExtrasUnassumed x -> x.pods().forEach(pending::remove);
      }
    }
    log.add("expire at " + now + " -> " + expired);
  }

  // ---- invariants ---------------------------------------------------------------------------

  private void checkInvariants() {
    Map<GangId, Reservation> active = ledger.active();
    HeldRoom recomputed = HeldRoom.of(active.values());
    // The oracle's held room: every live reservation, plus one executor per assumed extra.
    Map<String, Resources> assumed = assumedByNode();
    for (NodeState node : cluster.nodes().values()) {
      Resources held = ledger.heldOn(node.name());
      assertThat(held)
          .as("held index on %s", node.name())
          .isEqualTo(
              recomputed.on(node.name()).plus(assumed.getOrDefault(node.name(), Resources.ZERO)));
      if (!node.requested().plus(held).fitsIn(node.allocatable())) {
        throw new AssertionError(
            String.format(
                "node %s: bound %s + held %s > allocatable %s after:%n%s",
                node.name(), node.requested(), held, node.allocatable(), String.join("\n", log)));
      }
    }
    Set<String> pods = new HashSet<>();
    for (Reservation r : active.values()) {
      GangPhase phase = ledger.phase(r.id()).orElseThrow();
      assertThat(phase.holdsReservation()).isTrue();
      if (phase == GangPhase.RESERVED) {
        assertThat(r.slots()).as("a reserved gang is whole").hasSize(r.gang().minExecutors());
        assertThat(r.driverBound()).isFalse();
      }
      for (Slot s : r.slots()) {
        s.pod().ifPresent(p -> assertThat(pods.add(p)).as("pod %s in two slots", p).isTrue());
      }
      ledger
          .gang(r.id())
          .orElseThrow()
          .extraExecutors()
          .keySet()
          .forEach(p -> assertThat(pods.add(p)).as("extra %s also holds a slot", p).isTrue());
      ledger
          .gang(r.id())
          .orElseThrow()
          .assumedExtras()
          .keySet()
          .forEach(p -> assertThat(pods.add(p)).as("assumed %s held twice", p).isTrue());
    }
  }

  private static void assertAllOrNothing(GangSpec gang, Reservation r) {
    assertThat(r.slots()).hasSize(gang.minExecutors());
    assertThat(r.driverNode().isPresent()).isEqualTo(gang.driver().isPresent());
  }

  /** No queued waiting gang ahead of an admitted gang protects itself against it. */
  private void assertQueueRespected(
      GangSpec gang,
      Reservation plan,
      List<WaitingGang> waitingBefore,
      Map<GangId, Reservation> activeBefore,
      Map<String, Resources> assumedBefore) {
    List<WaitingGang> ahead =
        waitingBefore.stream()
            .filter(w -> !w.gang().id().equals(gang.id()) && w.queued())
            .filter(w -> QueueOrder.ORDER.compare(w.gang(), gang) < 0)
            .toList();
    assertThat(ahead)
        .as("%s admitted past a strict-fifo gang", gang.id())
        .noneMatch(w -> w.policy().queue() == QueueDiscipline.STRICT_FIFO);
    ahead.stream()
        .filter(w -> w.policy().queue() == QueueDiscipline.BACKFILL)
        .findFirst()
        .ifPresent(
            head -> {
              GangPlanner planner = new GangPlanner();
              PlacementRequest request =
                  new PlacementRequest(head.gang(), head.offeredDriverNodes(), head.policy(), now);
              HeldRoom reserved = HeldRoom.of(activeBefore.values());
              HeldRoom before =
                  node -> reserved.on(node).plus(assumedBefore.getOrDefault(node, Resources.ZERO));
              int without = planner.largestFeasible(request, cluster.nodes(), before);
              int with = planner.largestFeasible(request, cluster.nodes(), before.plus(plan));
              assertThat(with)
                  .as("backfill head %s delayed by %s", head.gang().id(), gang.id())
                  .isEqualTo(without);
            });
  }

  /** One executor demand per assumed extra executor, on its node. */
  private Map<String, Resources> assumedByNode() {
    Map<String, Resources> assumed = new HashMap<>();
    for (GangView v : ledger.gangs()) {
      v.assumedExtras()
          .values()
          .forEach(n -> assumed.merge(n, v.gang().executor(), Resources::plus));
    }
    return assumed;
  }

  private Map<String, Resources> heldByNode() {
    Map<String, Resources> held = new HashMap<>();
    cluster.names().forEach(n -> held.put(n, ledger.heldOn(n)));
    return held;
  }

  private GangSpec spec(GangId id) {
    return gangs.stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
  }
}
