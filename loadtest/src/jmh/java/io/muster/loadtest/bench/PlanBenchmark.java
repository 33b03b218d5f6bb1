package io.muster.loadtest.bench;

import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementRequest;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import io.muster.placement.strategy.GangPlanner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Admission planning of a 1 + 200 executor gang on 5,000 nodes, every node offered for the driver,
 * with 50 other gangs (20 executors each) already reserved. Goal: p50 ≤ 5 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlanBenchmark {
  @Param({"5000"})
  int nodes;

  @Param({"tightly-pack", "distribute-evenly", "single-zone", "minimal-fragmentation"})
  String strategy;

  private final GangPlanner planner = new GangPlanner();
  private ClusterSnapshot snapshot;
  private PlacementRequest request;

  @Setup
  public void setUp() {
    ClusterSnapshot empty = BenchCluster.nodes(nodes, 42);
    List<String> offered = BenchCluster.names(empty);
    PlacementPolicy policy =
        new PlacementPolicy(
            PackingStrategy.fromWireName(strategy).orElseThrow(),
            5,
            QueueDiscipline.STRICT_FIFO,
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            true);
    Map<GangId, Reservation> reserved = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      GangSpec other = BenchCluster.gang("other-" + i, 20, 20);
      PlacementDecision d =
          planner.place(
              new PlacementRequest(other, offered, policy, BenchCluster.NOW),
              empty.withReservations(reserved));
      reserved.put(other.id(), ((PlacementDecision.Placed) d).reservation());
    }
    snapshot = empty.withReservations(reserved);
    request =
        new PlacementRequest(BenchCluster.gang("app", 200, 200), offered, policy, BenchCluster.NOW);
    if (!(planner.place(request, snapshot) instanceof PlacementDecision.Placed)) {
      throw new IllegalStateException("the benchmark gang must fit");
    }
  }

  @Benchmark
  public PlacementDecision plan() {
    return planner.place(request, snapshot);
  }
}
