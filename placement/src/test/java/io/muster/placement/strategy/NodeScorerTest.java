package io.muster.placement.strategy;

import static io.muster.placement.testing.Gangs.spark;
import static io.muster.placement.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Prioritize scores: 0..10, the reserved node highest, then shuffle locality, then the strategy.
 */
class NodeScorerTest {
  private final NodeScorer scorer = new NodeScorer();

  private static final GangSpec GANG =
      spark("ns/app").driver(1, 1).executors(2, 2, 2).max(6).build();

  /** Four 10 CPU / 100 GiB nodes: "busy" is 60% used, "near" shares zone a with "home". */
  private final Map<String, NodeState> nodes =
      Nodes.snapshot(
              node("home").cpu(10).memGi(100).zone("a").build(),
              node("near").cpu(10).memGi(100).zone("a").build(),
              node("far").cpu(10).memGi(100).zone("b").build(),
              node("busy").cpu(10).memGi(100).used(6, 10).zone("b").build())
          .nodes();

  private static final List<String> ALL = List.of("home", "near", "far", "busy", "ghost");

  private Map<String, Integer> executor(Reservation r, PlacementPolicy policy) {
    return scorer.scoreExecutor(
        new ScoreRequest(GANG, Optional.of(r), List.of(), ALL, policy),
        nodes,
        HeldRoom.of(List.of(r)));
  }

  private static Reservation withSlots(Slot... slots) {
    return new Reservation(GANG, Optional.of("far"), true, List.of(slots), Gangs.EPOCH);
  }

  @Test
  void theReservedDriverNodeScoresTenAndNothingElseScores() {
    Reservation r = new Reservation(GANG, Optional.of("near"), false, List.of(), Gangs.EPOCH);
    Map<String, Integer> scores =
        scorer.scoreDriver(
            new ScoreRequest(
                GANG,
                Optional.of(r),
                List.of(),
                ALL,
                Policies.policy(PackingStrategy.TIGHTLY_PACK)),
            nodes,
            HeldRoom.of(List.of(r)));
    assertThat(scores)
        .containsExactly(
            Map.entry("home", 0),
            Map.entry("near", 10),
            Map.entry("far", 0),
            Map.entry("busy", 0),
            Map.entry("ghost", 0));
  }

  @Test
  void anOpenSlotsNodeScoresHighestForAnExecutor() {
    Reservation r =
        withSlots(Slot.open(0, "far"), new Slot(1, "home", SlotState.BOUND, Optional.of("e1")));
    Map<String, Integer> scores = executor(r, Policies.shuffle(PackingStrategy.TIGHTLY_PACK, 10));
    assertThat(scores.get("far")).isEqualTo(10);
    assertThat(scores.values()).allMatch(s -> s >= 0 && s <= 10);
    assertThat(scores.entrySet())
        .filteredOn(e -> !e.getKey().equals("far"))
        .allMatch(e -> e.getValue() < 10);
  }

  @Test
  void fullShuffleWeightFavoursTheNodeThenTheZoneHoldingTheExecutors() {
    Reservation r = withSlots(new Slot(0, "home", SlotState.BOUND, Optional.of("e0")));
    Map<String, Integer> scores = executor(r, Policies.shuffle(PackingStrategy.TIGHTLY_PACK, 10));
    assertThat(scores)
        .containsEntry("home", 9)
        .containsEntry("near", 5)
        .containsEntry("far", 0)
        .containsEntry("busy", 0)
        .containsEntry("ghost", 0);
  }

  @Test
  void zeroShuffleWeightLeavesOnlyTheStrategy() {
    Reservation r = withSlots(new Slot(0, "home", SlotState.BOUND, Optional.of("e0")));
    Map<String, Integer> tight = executor(r, Policies.shuffle(PackingStrategy.TIGHTLY_PACK, 0));
    // busy: 8 of 10 CPU in use after the pod → 8; empty nodes: 2 of 10 → 2.
    assertThat(tight).containsEntry("busy", 8).containsEntry("home", 2).containsEntry("far", 2);
    Map<String, Integer> spread =
        executor(r, Policies.shuffle(PackingStrategy.DISTRIBUTE_EVENLY, 0));
    assertThat(spread).containsEntry("busy", 2).containsEntry("home", 8).containsEntry("far", 8);
  }

  @Test
  void singleZoneScoresNodesOutsideTheGangsZoneZero() {
    Reservation r = withSlots(new Slot(0, "far", SlotState.BOUND, Optional.of("e0")));
    Map<String, Integer> scores = executor(r, Policies.shuffle(PackingStrategy.SINGLE_ZONE, 0));
    assertThat(scores).containsEntry("home", 0).containsEntry("near", 0).containsEntry("busy", 8);
  }

  @Test
  void minimalFragmentationPrefersTheNodeThePodCompletes() {
    Map<String, NodeState> tight =
        Nodes.snapshot(
                node("almost").cpu(10).memGi(100).used(7, 10).build(),
                node("empty").cpu(10).memGi(100).build())
            .nodes();
    Reservation r = new Reservation(GANG, Optional.of("empty"), true, List.of(), Gangs.EPOCH);
    Map<String, Integer> scores =
        scorer.scoreExecutor(
            new ScoreRequest(
                GANG,
                Optional.of(r),
                List.of(),
                List.of("almost", "empty"),
                Policies.shuffle(PackingStrategy.MINIMAL_FRAGMENTATION, 0)),
            tight,
            HeldRoom.NONE);
    // 10 for completing the node, capped at 9: only a slot's own node scores 10.
    assertThat(scores).containsEntry("almost", 9).containsEntry("empty", 2);
  }

  @Test
  void aNodeThePodDoesNotFitScoresZeroBase() {
    Map<String, NodeState> full =
        Nodes.snapshot(node("full").cpu(10).memGi(100).used(9, 0).build()).nodes();
    Reservation r = new Reservation(GANG, Optional.of("full"), true, List.of(), Gangs.EPOCH);
    Map<String, Integer> scores =
        scorer.scoreExecutor(
            new ScoreRequest(
                GANG,
                Optional.of(r),
                List.of(),
                List.of("full"),
                Policies.shuffle(PackingStrategy.TIGHTLY_PACK, 0)),
            full,
            HeldRoom.NONE);
    assertThat(scores).containsEntry("full", 0);
  }
}
