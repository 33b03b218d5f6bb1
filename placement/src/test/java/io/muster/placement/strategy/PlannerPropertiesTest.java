package io.muster.placement.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.PlacementRequest;
import io.muster.placement.Reason;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Genes;
import io.muster.placement.testing.RandomScenarios;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The planner on random clusters (with other gangs' reservations already made): never past
 * allocatable, all or nothing, deterministic, and exactly as capable as a brute-force oracle.
 */
class PlannerPropertiesTest {
  private final GangPlanner planner = new GangPlanner();

  /** A random snapshot with up to two other gangs already reserved, plus the gang to plan. */
  record Scenario(
      ClusterSnapshot snapshot,
      List<NodeState> nodes,
      GangSpec gang,
      List<String> offered,
      PlacementPolicy policy) {
    PlacementRequest request() {
      return new PlacementRequest(gang, offered, policy, Gangs.EPOCH);
    }
  }

  @Provide
  Arbitrary<List<Integer>> genes() {
    return Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(80).ofMaxSize(250);
  }

  private Scenario decode(List<Integer> raw) {
    Genes g = new Genes(raw);
    List<NodeState> nodes = RandomScenarios.nodes(g);
    Map<String, NodeState> byName = new LinkedHashMap<>();
    nodes.forEach(n -> byName.put(n.name(), n));
    Map<GangId, Reservation> reserved = new HashMap<>();
    int others = g.next(4);
    for (int i = 0; i < others; i++) {
      GangSpec other = RandomScenarios.gang(g, "other-" + i);
      PlacementPolicy p = RandomScenarios.policy(g, QueueDiscipline.NONE);
      PlacementDecision d =
          planner.place(
              new PlacementRequest(other, RandomScenarios.offered(g, nodes), p, Gangs.EPOCH),
              new ClusterSnapshot(1, byName, reserved));
      if (d instanceof Placed placed) {
        reserved.put(other.id(), placed.reservation());
      }
    }
    GangSpec gang = RandomScenarios.gang(g, "app");
    return new Scenario(
        new ClusterSnapshot(1, byName, reserved),
        nodes,
        gang,
        RandomScenarios.offered(g, nodes),
        RandomScenarios.policy(g, QueueDiscipline.NONE));
  }

  @Property(tries = 1000)
  void noNodeIsEverPlannedPastAllocatable(@ForAll("genes") List<Integer> raw) {
    Scenario s = decode(raw);
    if (!(planner.place(s.request(), s.snapshot()) instanceof Placed placed)) {
      return;
    }
    HeldRoom others = HeldRoom.of(s.snapshot().reservations(), s.gang().id());
    for (NodeState node : s.nodes()) {
      Resources planned = placed.reservation().heldOn(node.name());
      if (planned.isZero()) {
        continue;
      }
      Resources total = node.requested().plus(others.on(node.name())).plus(planned);
      assertThat(total.fitsIn(node.allocatable()))
          .as("node %s: %s planned beyond %s", node.name(), total, node.allocatable())
          .isTrue();
    }
  }

  @Property(tries = 1000)
  void aPlanIsTheWholeMinimumGangOnAdmittedNodes(@ForAll("genes") List<Integer> raw) {
    Scenario s = decode(raw);
    if (!(planner.place(s.request(), s.snapshot()) instanceof Placed placed)) {
      return;
    }
    Reservation r = placed.reservation();
    assertThat(r.slots()).hasSize(s.gang().minExecutors());
    assertThat(r.driverNode().isPresent()).isEqualTo(s.gang().driver().isPresent());
    r.driverNode().ifPresent(d -> assertThat(s.offered()).contains(d));
    for (Slot slot : r.slots()) {
      assertThat(slot.pod()).isEmpty();
      assertThat(s.gang().executorConstraints().admits(s.snapshot().nodes().get(slot.node())))
          .as("slot on %s", slot.node())
          .isTrue();
    }
    if (s.policy().strategy() == PackingStrategy.SINGLE_ZONE) {
      List<String> used = new ArrayList<>(r.slots().stream().map(Slot::node).toList());
      r.driverNode().ifPresent(used::add);
      assertThat(used.stream().map(n -> s.snapshot().nodes().get(n).zone()).distinct())
          .hasSizeLessThanOrEqualTo(1);
    }
  }

  @Property(tries = 1000)
  void theSameInputsGiveTheSameDecisionWhateverTheMapOrder(@ForAll("genes") List<Integer> raw) {
    Scenario s = decode(raw);
    PlacementDecision first = planner.place(s.request(), s.snapshot());
    assertThat(planner.place(s.request(), s.snapshot())).isEqualTo(first);
    List<NodeState> reversed = new ArrayList<>(s.nodes());
    Collections.reverse(reversed);
    Map<String, NodeState> byName = new LinkedHashMap<>();
    reversed.forEach(n -> byName.put(n.name(), n));
    List<String> offered = new ArrayList<>(s.offered());
    Collections.reverse(offered);
    PlacementRequest shuffled = new PlacementRequest(s.gang(), offered, s.policy(), Gangs.EPOCH);
    assertThat(planner.place(shuffled, new ClusterSnapshot(2, byName, s.snapshot().reservations())))
        .isEqualTo(first);
  }

  @Property(tries = 1000)
  void admitsExactlyWhenABruteForcePlanExistsAndReportsTheSameLargestPlan(
      @ForAll("genes") List<Integer> raw) {
    Scenario s = decode(raw);
    boolean singleZone = s.policy().strategy() == PackingStrategy.SINGLE_ZONE;
    HeldRoom others = HeldRoom.of(s.snapshot().reservations(), s.gang().id());
    int oracle =
        BruteForce.largest(s.gang(), s.offered(), s.snapshot().nodes(), others, singleZone, false);
    PlacementDecision d = planner.place(s.request(), s.snapshot());
    Statistics.collect(
        d instanceof Unschedulable u0 ? u0.reason().tag() : "placed",
        s.snapshot().reservations().size() + " other reservations");
    int n = s.gang().minExecutors();
    assertThat(d instanceof Placed).as("decision %s, oracle %s", d, oracle).isEqualTo(oracle >= n);
    assertThat(planner.largestFeasible(s.request(), s.snapshot().nodes(), others))
        .isEqualTo(Math.min(oracle, n));
    if (d instanceof Unschedulable u && u.reason() == Reason.INSUFFICIENT_CAPACITY) {
      String tail = "holds " + oracle + (oracle == 1 ? " executor" : " executors");
      assertThat(u.message()).contains(oracle >= 0 ? tail : "no offered node has free room");
    }
  }

  @Property(tries = 1000)
  void exceedsClusterExactlyWhenEvenTheEmptyClusterCannotHoldTheGang(
      @ForAll("genes") List<Integer> raw) {
    Scenario s = decode(raw);
    PlacementDecision d = planner.place(s.request(), s.snapshot());
    if (!(d instanceof Unschedulable u)
        || u.reason() == Reason.INVALID_GANG_SPEC
        || u.reason() == Reason.NO_ELIGIBLE_NODES) {
      return;
    }
    boolean singleZone = s.policy().strategy() == PackingStrategy.SINGLE_ZONE;
    int empty =
        BruteForce.largest(
            s.gang(), s.offered(), s.snapshot().nodes(), HeldRoom.NONE, singleZone, true);
    assertThat(u.reason() == Reason.GANG_EXCEEDS_CLUSTER)
        .as("%s with %s executors on the empty cluster", u, empty)
        .isEqualTo(empty < s.gang().minExecutors());
  }
}
