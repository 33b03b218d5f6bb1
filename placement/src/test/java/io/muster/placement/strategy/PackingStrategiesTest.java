package io.muster.placement.strategy;

import static io.muster.placement.policy.PackingStrategy.DISTRIBUTE_EVENLY;
import static io.muster.placement.policy.PackingStrategy.MINIMAL_FRAGMENTATION;
import static io.muster.placement.policy.PackingStrategy.SINGLE_ZONE;
import static io.muster.placement.policy.PackingStrategy.TIGHTLY_PACK;
import static io.muster.placement.strategy.PlanAssertions.executorsPerNode;
import static io.muster.placement.strategy.PlanAssertions.placed;
import static io.muster.placement.testing.Gangs.spark;
import static io.muster.placement.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.PlacementRequest;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Nodes;
import io.muster.placement.testing.Policies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table per strategy: where the driver goes and how many executors land on each node. */
class PackingStrategiesTest {
  private final GangPlanner planner = new GangPlanner();

  /** Three nodes: n1 is 3/4 full, n3 half full, n2 empty (8 CPU / 64 GiB each). */
  private static final List<NodeState> MIXED =
      List.of(
          node("n1").cpu(8).memGi(64).used(6, 0).build(),
          node("n2").cpu(8).memGi(64).build(),
          node("n3").cpu(8).memGi(64).used(4, 0).build());

  private static final GangSpec FOUR_OF_TWO =
      spark("ns/app").driver(1, 1).executors(4, 2, 1).build();

  record Case(
      String name,
      PackingStrategy strategy,
      List<NodeState> nodes,
      GangSpec gang,
      String driver,
      Map<String, Integer> executors) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "tightly-pack: driver on the fullest node, executors fill the fullest first",
                TIGHTLY_PACK,
                MIXED,
                FOUR_OF_TWO,
                "n1",
                Map.of("n3", 2, "n2", 2)),
            new Case(
                "tightly-pack: the driver's own demand counts on its node",
                TIGHTLY_PACK,
                List.of(node("a").cpu(4).memGi(8).build()),
                spark("ns/app").driver(1, 1).executors(1, 3, 1).build(),
                "a",
                Map.of("a", 1)),
            new Case(
                "tightly-pack: ties broken by node name",
                TIGHTLY_PACK,
                List.of(
                    node("c").cpu(4).memGi(8).build(),
                    node("a").cpu(4).memGi(8).build(),
                    node("b").cpu(4).memGi(8).build()),
                spark("ns/app").driver(1, 1).executors(3, 2, 1).build(),
                "a",
                Map.of("b", 2, "a", 1)),
            new Case(
                "distribute-evenly: driver on the emptiest node, executors round-robin",
                DISTRIBUTE_EVENLY,
                MIXED,
                FOUR_OF_TWO,
                "n2",
                Map.of("n1", 1, "n2", 2, "n3", 1)),
            new Case(
                "distribute-evenly: fewer executors than nodes go to the roomiest nodes",
                DISTRIBUTE_EVENLY,
                List.of(
                    node("a").cpu(8).memGi(64).build(),
                    node("b").cpu(8).memGi(64).used(6, 0).build(),
                    node("c").cpu(8).memGi(64).build(),
                    node("d").cpu(8).memGi(64).build()),
                spark("ns/app").driver(1, 1).executors(2, 2, 1).build(),
                "a",
                Map.of("c", 1, "d", 1)),
            new Case(
                "minimal-fragmentation: the smallest node that takes all executors",
                MINIMAL_FRAGMENTATION,
                MIXED,
                FOUR_OF_TWO,
                "n1",
                Map.of("n2", 4)),
            new Case(
                "minimal-fragmentation: fill the biggest node whole, remainder on best fit",
                MINIMAL_FRAGMENTATION,
                List.of(
                    node("big").cpu(16).memGi(64).build(),
                    node("mid").cpu(8).memGi(64).build(),
                    node("small").cpu(4).memGi(64).build(),
                    node("drv").cpu(4).memGi(8).used(2, 0).build()),
                spark("ns/app").driver(1, 1).executors(10, 2, 1).build(),
                "drv",
                Map.of("big", 8, "small", 2)),
            new Case(
                "single-zone: the zone whose plan touches the fewest nodes",
                SINGLE_ZONE,
                List.of(
                    node("a1").cpu(4).memGi(16).zone("a").build(),
                    node("a2").cpu(4).memGi(16).zone("a").build(),
                    node("a3").cpu(4).memGi(16).zone("a").build(),
                    node("b1").cpu(16).memGi(64).zone("b").build()),
                spark("ns/app").driver(1, 1).executors(4, 2, 2).build(),
                "b1",
                Map.of("b1", 4)),
            new Case(
                "single-zone: never splits the gang over zones",
                SINGLE_ZONE,
                List.of(
                    node("a1").cpu(4).memGi(16).zone("a").build(),
                    node("b1").cpu(4).memGi(16).zone("b").build(),
                    node("c1").cpu(9).memGi(16).zone("c").build()),
                spark("ns/app").driver(1, 1).executors(4, 2, 2).build(),
                "c1",
                Map.of("c1", 4)))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void placesDriverAndExecutorsAsTheStrategySays(Case c) {
    List<String> offered = c.nodes.stream().map(NodeState::name).toList();
    Reservation r =
        placed(
            planner.place(
                new PlacementRequest(c.gang, offered, Policies.policy(c.strategy), Gangs.EPOCH),
                Nodes.snapshot(c.nodes)));
    assertThat(r.driverNode()).isEqualTo(Optional.of(c.driver));
    assertThat(executorsPerNode(r)).isEqualTo(c.executors);
    assertThat(r.slots()).hasSize(c.gang.minExecutors());
  }
}
