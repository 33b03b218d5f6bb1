package io.muster.placement.ledger;

import static io.muster.placement.testing.Gangs.spark;
import static io.muster.placement.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muster.placement.ExecutorDecision;
import io.muster.placement.ExecutorDecision.Repair;
import io.muster.placement.ExecutorDecision.UseSlot;
import io.muster.placement.ExecutorDecision.Wait;
import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.Reason;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangPhase;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Nodes;
import io.muster.placement.testing.Policies;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ledger's life cycle of one gang: admit, claim, bind, release, restore. */
class GangLedgerTest {
  private static final Instant T0 = Gangs.EPOCH.plusSeconds(60);
  private static final PlacementPolicy TIGHT = Policies.policy(PackingStrategy.TIGHTLY_PACK);

  private final GangLedger ledger = new GangLedger();

  /** Two 8 CPU / 32 GiB nodes. */
  private final ClusterSnapshot cluster =
      Nodes.snapshot(node("n1").cpu(8).memGi(32).build(), node("n2").cpu(8).memGi(32).build());

  private final GangSpec app = spark("ns/app").driver(1, 1).executors(3, 2, 2).max(4).build();

  private Reservation admitApp() {
    PlacementDecision d = ledger.admit(app, List.of("n1", "n2"), TIGHT, cluster, T0);
    assertThat(d).isInstanceOf(Placed.class);
    return ((Placed) d).reservation();
  }

  private static Resources cpu(double cores, double gib, long pods) {
    return Resources.of(Math.round(cores * 1000), Math.round(gib * Nodes.GI), pods);
  }

  @Test
  void admissionReservesTheWholeGangAndHoldsItsRoom() {
    Reservation r = admitApp();
    assertThat(ledger.phase(app.id())).contains(GangPhase.RESERVED);
    assertThat(ledger.reservation(app.id())).contains(r);
    assertThat(ledger.active()).containsOnlyKeys(app.id());
    // tightly-pack: driver and 3 executors all on n1 (ties by name): 7 CPU / 7 GiB / 4 pods.
    assertThat(ledger.heldOn("n1")).isEqualTo(cpu(7, 7, 4));
    assertThat(ledger.heldOn("n2")).isEqualTo(Resources.ZERO);
  }

  @Test
  void admittingAgainReturnsTheSameReservation() {
    Reservation first = admitApp();
    PlacementDecision again =
        ledger.admit(app, List.of("n2", "n1"), TIGHT, cluster, T0.plusSeconds(5));
    assertThat(again).isEqualTo(new Placed(first));
    assertThat(ledger.heldOn("n1")).isEqualTo(cpu(7, 7, 4));
  }

  @Test
  void aRetriedDriverWhoseReservedNodeIsNotOfferedMovesToAnOfferedNodeWithRoom() {
    Reservation first = admitApp();
    assertThat(first.driverNode()).contains("n1");
    PlacementDecision moved = ledger.admit(app, List.of("n2"), TIGHT, cluster, T0.plusSeconds(1));
    Reservation relocated = ((Placed) moved).reservation();
    assertThat(relocated.driverNode()).contains("n2");
    assertThat(relocated.slots()).isEqualTo(first.slots());
    assertThat(ledger.heldOn("n1")).isEqualTo(cpu(6, 6, 3));
    assertThat(ledger.heldOn("n2")).isEqualTo(cpu(1, 1, 1));

    ClusterSnapshot n3Full =
        Nodes.snapshot(
            node("n1").cpu(8).memGi(32).build(),
            node("n2").cpu(8).memGi(32).build(),
            node("n3").cpu(8).memGi(32).used(8, 32).build());
    PlacementDecision stuck = ledger.admit(app, List.of("n3"), TIGHT, n3Full, T0.plusSeconds(2));
    assertThat(stuck).isInstanceOf(Unschedulable.class);
    assertThat(((Unschedulable) stuck).message())
        .isEqualTo(
            "the driver's reserved node n2 was not offered and no offered node has room for the"
                + " driver (1 CPU / 1 GiB)");
    assertThat(ledger.reservation(app.id())).contains(relocated);
  }

  @Test
  void aGangThatDoesNotFitWaitsWithItsReasonAndSince() {
    admitApp(); // holds 7 of n1's 8 CPU
    GangSpec big = spark("ns/big").driver(1, 1).executors(7, 2, 2).build();
    ledger.admit(big, List.of("n1"), TIGHT, cluster, T0);
    PlacementDecision d = ledger.admit(big, List.of("n1"), TIGHT, cluster, T0.plusSeconds(30));
    assertThat(d).isInstanceOf(Unschedulable.class);
    assertThat(ledger.phase(big.id())).contains(GangPhase.WAITING);
    assertThat(ledger.waiting())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
              assertThat(w.message()).endsWith("the largest feasible plan holds 4 executors");
              assertThat(w.since()).isEqualTo(T0);
              assertThat(w.lastAsked()).isEqualTo(T0.plusSeconds(30));
              assertThat(w.offeredDriverNodes()).containsExactly("n1");
            });
    assertThat(ledger.active()).containsOnlyKeys(app.id());
  }

  @Test
  void abandonWithdrawsTheAdmissionButKeepsTheGangQueued() {
    Reservation r = admitApp();
    assertThat(ledger.abandon(app.id(), T0)).contains(r);
    assertThat(ledger.phase(app.id())).contains(GangPhase.WAITING);
    assertThat(ledger.held()).isEmpty();
    assertThat(ledger.waiting()).singleElement().satisfies(w -> assertThat(w.queued()).isTrue());
    // The driver's retry admits it again.
    assertThat(ledger.admit(app, List.of("n1"), TIGHT, cluster, T0)).isInstanceOf(Placed.class);
  }

  @Test
  void executorsClaimTheirSlotsAndARetryGetsTheSameSlot() {
    admitApp();
    ExecutorDecision first =
        ledger.steerAndClaim(app.id(), "e1", List.of("n1", "n2"), cluster, TIGHT, T0);
    assertThat(first).isEqualTo(new UseSlot(0, "n1"));
    assertThat(ledger.steerAndClaim(app.id(), "e2", List.of("n1"), cluster, TIGHT, T0))
        .isEqualTo(new UseSlot(1, "n1"));
    assertThat(ledger.steer(app.id(), "e1", List.of("n1", "n2"), cluster, TIGHT, T0))
        .isEqualTo(first);
    assertThat(ledger.reservation(app.id()).orElseThrow().slots().get(0))
        .isEqualTo(new Slot(0, "n1", SlotState.CLAIMED, Optional.of("e1")));
  }

  @Test
  void steerAndClaimAppliesARepair() {
    admitApp();
    ExecutorDecision d = ledger.steerAndClaim(app.id(), "e1", List.of("n2"), cluster, TIGHT, T0);
    assertThat(d).isEqualTo(new Repair(0, "n1", "n2"));
    assertThat(ledger.reservation(app.id()).orElseThrow().slots().get(0))
        .isEqualTo(new Slot(0, "n2", SlotState.CLAIMED, Optional.of("e1")));
    assertThat(ledger.heldOn("n2")).isEqualTo(cpu(2, 2, 1));
    assertThat(ledger.heldOn("n1")).isEqualTo(cpu(5, 5, 3));
  }

  @Test
  void claimingASlotAnotherPodHoldsIsABug() {
    admitApp();
    ledger.claim(app.id(), 0, "e1", T0);
    assertThatThrownBy(() -> ledger.claim(app.id(), 0, "e2", T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slot 0 is CLAIMED by e1");
  }

  @Test
  void bindingsMoveTheGangThroughItsPhasesAndFreeItsHeldRoom() {
    admitApp();
    assertThat(ledger.observeDriverBound(app.id(), "n1", T0)).isTrue();
    assertThat(ledger.phase(app.id())).contains(GangPhase.DRIVER_BOUND);
    assertThat(ledger.heldOn("n1")).isEqualTo(cpu(6, 6, 3));
    for (int i = 0; i < 3; i++) {
      ledger.steerAndClaim(app.id(), "e" + i, List.of("n1"), cluster, TIGHT, T0);
      ledger.observeExecutorBound(app.id(), "e" + i, "n1", T0);
    }
    assertThat(ledger.phase(app.id())).contains(GangPhase.COMPLETE);
    assertThat(ledger.held()).isEmpty();
    // An executor goes away: its slot holds room again for a replacement.
    assertThat(ledger.releaseExecutor(app.id(), "e1", T0)).isTrue();
    assertThat(ledger.phase(app.id())).contains(GangPhase.DRIVER_BOUND);
    assertThat(ledger.reservation(app.id()).orElseThrow().slots().get(1))
        .isEqualTo(Slot.open(1, "n1"));
    assertThat(ledger.heldOn("n1")).isEqualTo(cpu(2, 2, 1));
  }

  @Test
  void anExecutorSeenBoundWithoutASlotTakesOneSoNothingIsDoubleBooked() {
    admitApp();
    ledger.observeDriverBound(app.id(), "n1", T0);
    // Bound on n1 (where the slots are) without asking Muster: takes the lowest open slot there.
    ledger.observeExecutorBound(app.id(), "x1", "n1", T0);
    assertThat(ledger.reservation(app.id()).orElseThrow().slots().get(0))
        .isEqualTo(new Slot(0, "n1", SlotState.BOUND, Optional.of("x1")));
    // Bound on n2: the lowest open slot moves there and is bound, n1 holds one slot less.
    ledger.observeExecutorBound(app.id(), "x2", "n2", T0);
    assertThat(ledger.reservation(app.id()).orElseThrow().slots().get(1))
        .isEqualTo(new Slot(1, "n2", SlotState.BOUND, Optional.of("x2")));
    assertThat(ledger.heldOn("n1")).isEqualTo(cpu(2, 2, 1));
    assertThat(ledger.heldOn("n2")).isEqualTo(Resources.ZERO);
    ledger.observeExecutorBound(app.id(), "x3", "n2", T0);
    // Every slot is bound: a fourth executor is an extra, remembered for locality and the max.
    ledger.observeExecutorBound(app.id(), "x4", "n2", T0);
    assertThat(ledger.phase(app.id())).contains(GangPhase.COMPLETE);
    assertThat(ledger.gang(app.id()).orElseThrow().extraExecutors()).containsEntry("x4", "n2");
    ExecutorDecision fifth = ledger.steer(app.id(), "x5", List.of("n2"), cluster, TIGHT, T0);
    assertThat(fifth).isInstanceOf(Wait.class);
    assertThat(((Wait) fifth).message()).contains("already has 4 of at most 4 executors");
    assertThat(ledger.releaseExecutor(app.id(), "x4", T0)).isTrue();
    assertThat(ledger.gang(app.id()).orElseThrow().extraExecutors()).isEmpty();
  }

  @Test
  void aClaimedExecutorBoundOnAnotherNodeFollowsItsPod() {
    admitApp();
    ledger.claim(app.id(), 0, "e0", T0);
    ledger.observeExecutorBound(app.id(), "e0", "n2", T0);
    Reservation r = ledger.reservation(app.id()).orElseThrow();
    assertThat(r.slots().get(0)).isEqualTo(new Slot(0, "n2", SlotState.BOUND, Optional.of("e0")));
    assertThat(r.slots().stream().filter(s -> s.pod().isPresent())).hasSize(1);
  }

  @Test
  void releaseReturnsExactlyTheHeldRoomAndForgetsTheGang() {
    Reservation r = admitApp();
    ledger.claim(app.id(), 1, "e1", T0);
    assertThat(ledger.release(app.id())).map(Reservation::id).contains(r.id());
    assertThat(ledger.phase(app.id())).isEmpty();
    assertThat(ledger.held()).isEmpty();
    assertThat(ledger.release(app.id())).isEmpty();
  }

  @Test
  void aGangWithoutDriverIsDriverBoundAtAdmission() {
    GangSpec client = spark("ns/client").executors(2, 2, 2).build();
    assertThat(ledger.admit(client, List.of(), TIGHT, cluster, T0)).isInstanceOf(Placed.class);
    assertThat(ledger.phase(client.id())).contains(GangPhase.DRIVER_BOUND);
    assertThat(ledger.reservation(client.id()).orElseThrow().driverBound()).isTrue();
  }

  @Test
  void abandoningAGangWithoutDriverReleasesItButABoundGangIsNeverAbandoned() {
    GangSpec client = spark("ns/client").executors(2, 2, 2).build();
    ledger.admit(client, List.of(), TIGHT, cluster, T0);
    assertThat(ledger.abandon(client.id(), T0)).isPresent();
    assertThat(ledger.phase(client.id())).isEmpty();
    assertThat(ledger.held()).isEmpty();

    admitApp();
    ledger.observeDriverBound(app.id(), "n1", T0);
    assertThat(ledger.abandon(app.id(), T0)).isEmpty();
    assertThat(ledger.phase(app.id())).contains(GangPhase.DRIVER_BOUND);
  }

  @Test
  void restoreRebuildsPhasesAndHeldRoom() {
    Reservation reserved =
        new Reservation(
            app,
            Optional.of("n1"),
            false,
            List.of(Slot.open(0, "n2"), Slot.open(1, "n2"), Slot.open(2, "n2")),
            T0);
    assertThat(ledger.restore(reserved, TIGHT, T0)).isEqualTo(GangPhase.RESERVED);
    assertThat(ledger.heldOn("n2")).isEqualTo(cpu(6, 6, 3));

    GangSpec done = spark("ns/done").driver(1, 1).executors(1, 1, 1).build();
    Reservation complete =
        new Reservation(
            done,
            Optional.of("n2"),
            true,
            List.of(new Slot(0, "n2", SlotState.BOUND, Optional.of("d0"))),
            T0);
    assertThat(ledger.restore(complete, TIGHT, T0)).isEqualTo(GangPhase.COMPLETE);

    assertThatThrownBy(() -> ledger.restore(reserved, TIGHT, T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already holds a reservation");
    GangSpec twice = spark("ns/twice").driver(1, 1).executors(2, 1, 1).build();
    Reservation doubled =
        new Reservation(
            twice,
            Optional.of("n2"),
            true,
            List.of(
                new Slot(0, "n2", SlotState.CLAIMED, Optional.of("p")),
                new Slot(1, "n1", SlotState.BOUND, Optional.of("p"))),
            T0);
    assertThatThrownBy(() -> ledger.restore(doubled, TIGHT, T0))
        .hasMessageContaining("pod p holds two slots");
  }

  @Test
  void executorsOfAGangThatIsNotAdmittedWait() {
    ExecutorDecision unknown = ledger.steer(app.id(), "e1", List.of("n1"), cluster, TIGHT, T0);
    assertThat(unknown).isInstanceOf(Wait.class);
    assertThat(((Wait) unknown).reason()).isEqualTo(Reason.GANG_NOT_ADMITTED);
    GangSpec big = spark("ns/big").driver(1, 1).executors(9, 2, 2).build();
    ledger.admit(big, List.of("n1"), TIGHT, cluster, T0);
    ExecutorDecision waiting = ledger.steer(big.id(), "e1", List.of("n1"), cluster, TIGHT, T0);
    assertThat(((Wait) waiting).message()).startsWith("gang ns/big is not admitted yet: needs ");
  }

  @Test
  void scoresComeFromTheGangsReservation() {
    admitApp();
    assertThat(ledger.score(app.id(), true, List.of("n1", "n2"), cluster, TIGHT))
        .containsExactly(Map.entry("n1", 10), Map.entry("n2", 0));
    assertThat(ledger.score(app.id(), false, List.of("n2", "n1"), cluster, TIGHT))
        .containsEntry("n1", 10);
    assertThat(ledger.score(Gangs.id("ns/nobody"), false, List.of("n1"), cluster, TIGHT))
        .containsExactly(Map.entry("n1", 0));
  }
}
