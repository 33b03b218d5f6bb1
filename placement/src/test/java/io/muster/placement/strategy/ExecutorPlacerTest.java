package io.muster.placement.strategy;

import static io.muster.placement.testing.Gangs.spark;
import static io.muster.placement.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.ExecutorDecision;
import io.muster.placement.ExecutorDecision.Extra;
import io.muster.placement.ExecutorDecision.Repair;
import io.muster.placement.ExecutorDecision.UseSlot;
import io.muster.placement.ExecutorDecision.Wait;
import io.muster.placement.Reason;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Nodes;
import io.muster.placement.testing.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** One executor pod at a time: slot, repair, extra or wait, never re-planning the gang. */
class ExecutorPlacerTest {
  private final ExecutorPlacer placer = new ExecutorPlacer(new NodeScorer());

  private static final GangSpec GANG =
      spark("ns/app").driver(1, 1).executors(3, 2, 2).max(5).build();

  /** Four 8 CPU nodes; n3 is full of other pods. */
  private final Map<String, NodeState> nodes =
      Nodes.snapshot(
              node("n1").cpu(8).memGi(32).build(),
              node("n2").cpu(8).memGi(32).build(),
              node("n3").cpu(8).memGi(32).used(8, 8).build(),
              node("n4").cpu(8).memGi(32).build())
          .nodes();

  private static Slot claimed(int index, String node, String pod) {
    return new Slot(index, node, SlotState.CLAIMED, Optional.of(pod));
  }

  private static Slot bound(int index, String node, String pod) {
    return new Slot(index, node, SlotState.BOUND, Optional.of(pod));
  }

  private static Reservation reservation(GangSpec gang, Slot... slots) {
    return new Reservation(gang, Optional.of("n1"), true, List.of(slots), Gangs.EPOCH);
  }

  private ExecutorDecision decide(
      Reservation own,
      String pod,
      List<String> offered,
      PlacementPolicy policy,
      Reservation... others) {
    List<Reservation> all = new ArrayList<>(List.of(others));
    all.add(own);
    return placer.decide(
        pod,
        new ScoreRequest(own.gang(), Optional.of(own), List.of(), offered, policy),
        nodes,
        HeldRoom.of(all));
  }

  private ExecutorDecision decide(Reservation own, String pod, List<String> offered) {
    return decide(own, pod, offered, Policies.policy(PackingStrategy.TIGHTLY_PACK));
  }

  @Test
  void usesTheLowestOpenSlotOnAnOfferedNode() {
    Reservation r = reservation(GANG, Slot.open(0, "n1"), Slot.open(1, "n2"), Slot.open(2, "n2"));
    assertThat(decide(r, "e1", List.of("n4", "n2"))).isEqualTo(new UseSlot(1, "n2"));
    assertThat(decide(r, "e1", List.of("n2", "n1"))).isEqualTo(new UseSlot(0, "n1"));
  }

  @Test
  void aPodThatAlreadyHoldsASlotGetsItAgain() {
    Reservation r =
        reservation(GANG, Slot.open(0, "n1"), claimed(1, "n2", "e1"), Slot.open(2, "n2"));
    assertThat(decide(r, "e1", List.of("n1", "n2"))).isEqualTo(new UseSlot(1, "n2"));
  }

  @Test
  void theNodesAreFetchedOnlyWhenTheDecisionNeedsRoom() {
    // Building a view of every node per executor pod made the common case O(nodes).
    Reservation r = reservation(GANG, bound(0, "n1", "e0"), Slot.open(1, "n2"), Slot.open(2, "n1"));
    ScoreRequest offeredN2 =
        new ScoreRequest(
            GANG,
            Optional.of(r),
            List.of(),
            List.of("n4", "n2"),
            Policies.policy(PackingStrategy.TIGHTLY_PACK));
    ScoreRequest offeredN4 =
        new ScoreRequest(
            GANG,
            Optional.of(r),
            List.of(),
            List.of("n4"),
            Policies.policy(PackingStrategy.TIGHTLY_PACK));
    List<String> fetches = new ArrayList<>();
    Supplier<Map<String, NodeState>> counted =
        () -> {
          fetches.add("nodes");
          return nodes;
        };

    assertThat(placer.decide("e1", offeredN2, counted, HeldRoom.of(List.of(r))))
        .isEqualTo(new UseSlot(1, "n2"));
    assertThat(placer.decide("e0", offeredN2, counted, HeldRoom.of(List.of(r))))
        .isEqualTo(
            new Wait(
                Reason.NO_ELIGIBLE_NODES,
                "the executor is already bound to n1, which was not offered"));
    assertThat(fetches).isEmpty();
    assertThat(placer.decide("e1", offeredN4, counted, HeldRoom.of(List.of(r))))
        .isEqualTo(new Repair(1, "n2", "n4"));
    assertThat(fetches).hasSize(1);
  }

  @Test
  void aRetriedPodWhoseSlotNodeIsNotOfferedMovesItsOwnSlot() {
    Reservation r =
        reservation(GANG, Slot.open(0, "n1"), claimed(1, "n2", "e1"), Slot.open(2, "n1"));
    assertThat(decide(r, "e1", List.of("n4"))).isEqualTo(new Repair(1, "n2", "n4"));
  }

  @Test
  void repairsTheLowestOpenSlotOntoAnOfferedNodeWithRoom() {
    Reservation r =
        reservation(GANG, claimed(0, "n1", "e0"), Slot.open(1, "n1"), Slot.open(2, "n2"));
    // n3 is full; n4 has room.
    assertThat(decide(r, "e5", List.of("n3", "n4"))).isEqualTo(new Repair(1, "n1", "n4"));
  }

  @Test
  void repairNeverTakesRoomAnotherGangHolds() {
    GangSpec other = spark("ns/other").executors(4, 2, 2).build();
    Reservation othersSlots =
        new Reservation(
            other,
            Optional.empty(),
            false,
            List.of(Slot.open(0, "n4"), Slot.open(1, "n4"), Slot.open(2, "n4"), Slot.open(3, "n4")),
            Gangs.EPOCH);
    Reservation r = reservation(GANG, Slot.open(0, "n1"), Slot.open(1, "n1"), Slot.open(2, "n1"));
    ExecutorDecision d =
        decide(
            r,
            "e0",
            List.of("n3", "n4"),
            Policies.policy(PackingStrategy.TIGHTLY_PACK),
            othersSlots);
    assertThat(d).isInstanceOf(Wait.class);
    assertThat(((Wait) d).reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
    assertThat(((Wait) d).message())
        .isEqualTo(
            "its open slots are on n1; no offered node has room for one more executor (2 CPU / 2 GiB)");
  }

  @Test
  void waitsWithNoEligibleNodesWhenTheConstraintsAdmitNoOfferedNode() {
    GangSpec picky =
        spark("ns/app").driver(1, 1).executors(1, 2, 2).nodeSelector("pool", "spark").build();
    Reservation r = reservation(picky, Slot.open(0, "n1"));
    ExecutorDecision d = decide(r, "e0", List.of("n2", "n4"));
    assertThat(d).isInstanceOf(Wait.class);
    assertThat(((Wait) d).reason()).isEqualTo(Reason.NO_ELIGIBLE_NODES);
    assertThat(((Wait) d).message()).endsWith("none of the 2 offered nodes admits it");
  }

  @Test
  void extraExecutorsUseOnlyFreeUnreservedRoomBestFirst() {
    GangSpec other = spark("ns/other").executors(4, 2, 2).build();
    Reservation othersSlots =
        new Reservation(
            other,
            Optional.empty(),
            false,
            List.of(Slot.open(0, "n4"), Slot.open(1, "n4"), Slot.open(2, "n4"), Slot.open(3, "n4")),
            Gangs.EPOCH);
    Reservation r =
        reservation(GANG, bound(0, "n1", "e0"), bound(1, "n1", "e1"), claimed(2, "n2", "e2"));
    ExecutorDecision d =
        decide(
            r,
            "e3",
            List.of("n4", "n3", "n2", "n1"),
            Policies.policy(PackingStrategy.TIGHTLY_PACK),
            othersSlots);
    // n4 is held by the other gang, n3 is full; n2 holds a claimed slot of the gang (scores 10).
    assertThat(d).isEqualTo(new Extra(List.of("n2", "n1")));
  }

  @Test
  void noExtraBeyondMaxExecutorsOrWhenThePolicyForbidsIt() {
    GangSpec atMax = spark("ns/app").driver(1, 1).executors(2, 2, 2).max(2).build();
    Reservation full = reservation(atMax, bound(0, "n1", "e0"), bound(1, "n1", "e1"));
    ExecutorDecision d = decide(full, "e2", List.of("n2"));
    assertThat(d).isInstanceOf(Wait.class);
    assertThat(((Wait) d).message()).contains("already has 2 of at most 2 executors");

    Reservation taken =
        reservation(GANG, bound(0, "n1", "e0"), bound(1, "n1", "e1"), bound(2, "n1", "e2"));
    ExecutorDecision forbidden = decide(taken, "e3", List.of("n2"), Policies.noExtras());
    assertThat(forbidden).isInstanceOf(Wait.class);
    assertThat(((Wait) forbidden).message()).contains("keeps extra executors out of free room");
  }

  @Test
  void knownExtrasCountTowardsTheMaximum() {
    Reservation taken =
        reservation(GANG, bound(0, "n1", "e0"), bound(1, "n1", "e1"), bound(2, "n1", "e2"));
    ExecutorDecision d =
        placer.decide(
            "e5",
            new ScoreRequest(
                GANG,
                Optional.of(taken),
                List.of("n2", "n2"),
                List.of("n2"),
                Policies.policy(PackingStrategy.TIGHTLY_PACK)),
            nodes,
            HeldRoom.of(List.of(taken)));
    assertThat(d).isInstanceOf(Wait.class);
    assertThat(((Wait) d).message()).contains("already has 5 of at most 5 executors");
  }
}
