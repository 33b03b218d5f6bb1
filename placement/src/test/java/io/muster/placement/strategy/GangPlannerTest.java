package io.muster.placement.strategy;

import static io.muster.placement.policy.PackingStrategy.SINGLE_ZONE;
import static io.muster.placement.policy.PackingStrategy.TIGHTLY_PACK;
import static io.muster.placement.strategy.PlanAssertions.executorsPerNode;
import static io.muster.placement.strategy.PlanAssertions.placed;
import static io.muster.placement.strategy.PlanAssertions.unschedulable;
import static io.muster.placement.testing.Gangs.spark;
import static io.muster.placement.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.PlacementRequest;
import io.muster.placement.Reason;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeSelectorRequirement;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Nodes;
import io.muster.placement.testing.Policies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Admission planning: room accounting, constraints, and every reason with its numbers. */
class GangPlannerTest {
  private final GangPlanner planner = new GangPlanner();

  private PlacementDecision plan(
      GangSpec gang, List<String> offered, PackingStrategy strategy, ClusterSnapshot snapshot) {
    return planner.place(
        new PlacementRequest(gang, offered, Policies.policy(strategy), Gangs.EPOCH), snapshot);
  }

  private PlacementDecision plan(GangSpec gang, NodeState... nodes) {
    return plan(gang, Nodes.names(nodes), TIGHTLY_PACK, Nodes.snapshot(nodes));
  }

  @Test
  void reservesDriverAndEveryMinimumExecutorAsOpenSlots() {
    Reservation r =
        placed(
            plan(
                spark("ns/app").driver(1, 2).executors(3, 2, 4).max(10).build(),
                node("n1").cpu(16).memGi(64).build()));
    assertThat(r.driverNode()).contains("n1");
    assertThat(r.driverBound()).isFalse();
    assertThat(r.slots())
        .containsExactly(Slot.open(0, "n1"), Slot.open(1, "n1"), Slot.open(2, "n1"));
    assertThat(r.reservedAt()).isEqualTo(Gangs.EPOCH);
  }

  @Test
  void insufficientCapacitySaysWhatIsNeededAndWhatIsPossible() {
    // Three empty nodes hold 4 executors each; n4 only has room for the driver; n5 and n6 are
    // full of other pods now but would hold the gang if they were empty.
    NodeState[] nodes = {
      node("n1").cpu(8).memGi(32).build(),
      node("n2").cpu(8).memGi(32).build(),
      node("n3").cpu(8).memGi(32).build(),
      node("n4").cpu(8).memGi(32).used(7, 28).build(),
      node("n5").cpu(8).memGi(32).used(8, 32).build(),
      node("n6").cpu(8).memGi(32).used(8, 32).build()
    };
    GangSpec gang = spark("ns/app").driver(1, 4).executors(20, 2, 8).build();
    Unschedulable u = unschedulable(plan(gang, List.of("n4"), TIGHTLY_PACK, Nodes.snapshot(nodes)));
    assertThat(u.reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
    assertThat(u.message())
        .isEqualTo(
            "needs 41 CPU / 164 GiB for 1 driver + 20 executors;"
                + " the largest feasible plan holds 12 executors");
  }

  @Test
  void insufficientCapacityWhenNoOfferedNodeHasRoomForTheDriver() {
    Unschedulable u =
        unschedulable(
            plan(
                spark("ns/app").driver(4, 4).executors(1, 1, 1).build(),
                node("n1").cpu(8).memGi(32).used(6, 0).build()));
    assertThat(u.reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
    assertThat(u.message())
        .contains("no offered node has free room for the driver (4 CPU / 4 GiB)");
  }

  @Test
  void otherGangsReservationsHoldRoomButTheGangsOwnDoesNot() {
    NodeState n1 = node("n1").cpu(8).memGi(32).build();
    GangSpec other = spark("ns/other").driver(1, 1).executors(2, 2, 1).build();
    Reservation held =
        new Reservation(
            other,
            Optional.of("n1"),
            false,
            List.of(Slot.open(0, "n1"), Slot.open(1, "n1")),
            Gangs.EPOCH);
    GangSpec gang = spark("ns/app").driver(1, 1).executors(2, 2, 1).build();
    ClusterSnapshot withOther = new ClusterSnapshot(1, Map.of("n1", n1), Map.of(other.id(), held));
    // 8 CPU − 5 held by the other gang leaves 3: the driver fits, two executors do not.
    assertThat(unschedulable(plan(gang, List.of("n1"), TIGHTLY_PACK, withOther)).message())
        .endsWith("the largest feasible plan holds 1 executor");
    // The same reservation under the gang's own id is not counted against it.
    Reservation own = new Reservation(gang, Optional.of("n1"), false, held.slots(), Gangs.EPOCH);
    ClusterSnapshot withOwn = new ClusterSnapshot(1, Map.of("n1", n1), Map.of(gang.id(), own));
    placed(plan(gang, List.of("n1"), TIGHTLY_PACK, withOwn));
  }

  @Test
  void boundSlotsAndABoundDriverHoldNothingMore() {
    NodeState n1 = node("n1").cpu(8).memGi(32).used(5, 2).build();
    GangSpec other = spark("ns/other").driver(1, 1).executors(2, 2, 1).build();
    Reservation bound =
        new Reservation(
            other,
            Optional.of("n1"),
            true,
            List.of(
                new Slot(0, "n1", io.muster.placement.model.SlotState.BOUND, Optional.of("e0")),
                new Slot(1, "n1", io.muster.placement.model.SlotState.BOUND, Optional.of("e1"))),
            Gangs.EPOCH);
    ClusterSnapshot snapshot = new ClusterSnapshot(1, Map.of("n1", n1), Map.of(other.id(), bound));
    GangSpec gang = spark("ns/app").driver(1, 1).executors(1, 2, 1).build();
    placed(plan(gang, List.of("n1"), TIGHTLY_PACK, snapshot));
  }

  @Test
  void countsPodsAndExtendedResources() {
    NodeState gpuNode = node("gpu").cpu(64).memGi(256).gpus(4).usedGpus(1).build();
    NodeState podsFull = node("pods").cpu(64).memGi(256).gpus(8).pods(10).usedPods(10).build();
    GangSpec gang = spark("ns/app").driver(1, 1).executors(3, 1, 1).executorGpus(1).build();
    Reservation r = placed(plan(gang, gpuNode, podsFull));
    assertThat(executorsPerNode(r)).isEqualTo(Map.of("gpu", 3));
    GangSpec four = spark("ns/app").driver(1, 1).executors(4, 1, 1).executorGpus(1).build();
    Unschedulable u = unschedulable(plan(four, gpuNode, podsFull));
    assertThat(u.reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
    assertThat(u.message()).contains("/ 4 nvidia.com/gpu").endsWith("holds 3 executors");
  }

  @Test
  void exceedsClusterWhenEvenTheEmptyClusterCannotHoldTheGang() {
    Unschedulable u =
        unschedulable(
            plan(
                spark("ns/app").driver(1, 1).executors(10, 2, 1).build(),
                node("n1").cpu(8).memGi(32).used(8, 0).build(),
                node("n2").cpu(8).memGi(32).build()));
    assertThat(u.reason()).isEqualTo(Reason.GANG_EXCEEDS_CLUSTER);
    assertThat(u.reason().resolvable()).isFalse();
    assertThat(u.message())
        .isEqualTo(
            "needs 21 CPU / 11 GiB for 1 driver + 10 executors; even with no pods and no"
                + " reservations, the 2 nodes that admit the executors hold at most 7 executors");
  }

  @Test
  void singleZoneExceedsClusterWhenNoZoneIsBigEnough() {
    NodeState a = node("a").cpu(8).memGi(32).zone("z1").build();
    NodeState b = node("b").cpu(8).memGi(32).zone("z2").build();
    GangSpec gang = spark("ns/app").driver(1, 1).executors(6, 2, 1).build();
    Unschedulable u =
        unschedulable(plan(gang, List.of("a", "b"), SINGLE_ZONE, Nodes.snapshot(a, b)));
    assertThat(u.reason()).isEqualTo(Reason.GANG_EXCEEDS_CLUSTER);
    assertThat(u.message()).endsWith("hold at most 3 executors in any one zone");
    // Spread over both zones it would fit: tightly-pack admits it.
    placed(plan(gang, List.of("a", "b"), TIGHTLY_PACK, Nodes.snapshot(a, b)));
  }

  @Test
  void noEligibleNodesWhenNothingIsOfferedForTheDriver() {
    NodeState n1 = node("n1").cpu(8).memGi(32).build();
    GangSpec gang = spark("ns/app").driver(1, 1).executors(1, 1, 1).build();
    Unschedulable none = unschedulable(plan(gang, List.of(), TIGHTLY_PACK, Nodes.snapshot(n1)));
    assertThat(none.reason()).isEqualTo(Reason.NO_ELIGIBLE_NODES);
    assertThat(none.message()).isEqualTo("no node was offered for the driver");
    Unschedulable unknown =
        unschedulable(plan(gang, List.of("ghost", "gone"), TIGHTLY_PACK, Nodes.snapshot(n1)));
    assertThat(unknown.message())
        .isEqualTo("none of the 2 nodes offered for the driver is in the cluster view");
  }

  @Test
  void noEligibleNodesWhenNoNodeAdmitsTheExecutors() {
    NodeState tainted =
        node("t").cpu(8).memGi(32).taint("gpu", "yes", TaintEffect.NO_SCHEDULE).build();
    NodeState cordoned = node("c").cpu(8).memGi(32).label("pool", "spark").cordoned().build();
    GangSpec gang =
        spark("ns/app").driver(1, 1).executors(1, 1, 1).nodeSelector("pool", "spark").build();
    Unschedulable u =
        unschedulable(
            plan(gang, List.of("t", "c"), TIGHTLY_PACK, Nodes.snapshot(tainted, cordoned)));
    assertThat(u.reason()).isEqualTo(Reason.NO_ELIGIBLE_NODES);
    assertThat(u.message()).startsWith("no schedulable node admits the executors");
  }

  @Test
  void executorsGoOnlyWhereTheirConstraintsAdmitThemWhileTheDriverMayGoElsewhere() {
    NodeState tainted =
        node("gpu-1")
            .cpu(8)
            .memGi(32)
            .label("pool", "gpu")
            .taint("gpu", "", TaintEffect.NO_SCHEDULE)
            .build();
    NodeState plain = node("cpu-1").cpu(8).memGi(32).label("pool", "cpu").build();
    NodeSelectorTerm gpuPool =
        new NodeSelectorTerm(
            List.of(
                new NodeSelectorRequirement(
                    "pool", NodeSelectorRequirement.Operator.IN, List.of("gpu"))));
    GangSpec gang =
        spark("ns/app")
            .driver(1, 1)
            .executors(2, 2, 2)
            .requiredTerm(gpuPool)
            .tolerate(new Toleration("gpu", Toleration.Operator.EXISTS, "", Optional.empty()))
            .build();
    Reservation r =
        placed(plan(gang, List.of("cpu-1"), TIGHTLY_PACK, Nodes.snapshot(tainted, plain)));
    assertThat(r.driverNode()).contains("cpu-1");
    assertThat(executorsPerNode(r)).isEqualTo(Map.of("gpu-1", 2));
  }

  @Test
  void invalidGangSpecWhenAPodDemandDoesNotCountOnePod() {
    GangSpec gang =
        spark("ns/app")
            .driver(1, 1)
            .executors(2, 1, 1)
            .executor(Resources.of(1000, Nodes.GI, 0))
            .build();
    Unschedulable u = unschedulable(plan(gang, node("n1").cpu(8).memGi(32).build()));
    assertThat(u.reason()).isEqualTo(Reason.INVALID_GANG_SPEC);
    assertThat(u.message()).contains("counts 0 pods");
  }

  @Test
  void aGangWithoutDriverPlansOnlyExecutors() {
    GangSpec clientMode = spark("ns/client").executors(3, 2, 2).build();
    Reservation r =
        placed(
            plan(
                clientMode,
                List.of(),
                TIGHTLY_PACK,
                Nodes.snapshot(node("n1").cpu(8).memGi(32).build())));
    assertThat(r.driverNode()).isEmpty();
    assertThat(executorsPerNode(r)).isEqualTo(Map.of("n1", 3));
  }

  @Test
  void aGangWithoutExecutorsReservesOnlyItsDriver() {
    Reservation r =
        placed(plan(spark("ns/app").driver(1, 1).build(), node("n1").cpu(8).memGi(32).build()));
    assertThat(r.driverNode()).contains("n1");
    assertThat(r.slots()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(PackingStrategy.class)
  void largestFeasibleCountsTheDriversNodeAndCapsAtTheMinimum(PackingStrategy strategy) {
    NodeState n1 = node("n1").cpu(4).memGi(32).build();
    NodeState n2 = node("n2").cpu(4).memGi(32).build();
    GangSpec gang = spark("ns/app").driver(1, 1).executors(10, 2, 1).build();
    PlacementRequest request =
        new PlacementRequest(gang, List.of("n1"), Policies.policy(strategy), Gangs.EPOCH);
    Map<String, NodeState> nodes = Nodes.snapshot(n1, n2).nodes();
    assertThat(planner.largestFeasible(request, nodes, HeldRoom.NONE)).isEqualTo(3);
    GangSpec small = spark("ns/app").driver(1, 1).executors(2, 2, 1).build();
    PlacementRequest fits =
        new PlacementRequest(small, List.of("n1"), Policies.policy(strategy), Gangs.EPOCH);
    assertThat(planner.largestFeasible(fits, nodes, HeldRoom.NONE)).isEqualTo(2);
    GangSpec big = spark("ns/app").driver(5, 1).executors(2, 2, 1).build();
    PlacementRequest noDriver =
        new PlacementRequest(big, List.of("n1"), Policies.policy(strategy), Gangs.EPOCH);
    assertThat(planner.largestFeasible(noDriver, nodes, HeldRoom.NONE)).isEqualTo(-1);
  }

  @Test
  void gangIdIsCarriedIntoTheReservation() {
    Reservation r =
        placed(plan(spark("team-a/app-7").driver(1, 1).build(), node("n").cpu(2).memGi(2).build()));
    assertThat(r.id()).isEqualTo(new GangId("team-a", "app-7"));
  }
}
