package io.muster.loadtest.bench;

import io.muster.placement.ledger.GangLedger;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangSpec;
import io.muster.placement.policy.PlacementPolicy;
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

/** One prioritize call: score 5,000 offered nodes for an executor of an admitted 1 + 200 gang. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PrioritizeBenchmark {
  /** Offered nodes; kube-scheduler sends about 500 of 5,000 (percentageOfNodesToScore). */
  @Param({"5000"})
  int offeredCount;

  private final GangLedger ledger = new GangLedger();
  private ClusterSnapshot snapshot;
  private GangSpec gang;
  private List<String> offered;
  private final PlacementPolicy policy = PlacementPolicy.DEFAULT;

  @Setup
  public void setUp() {
    snapshot = BenchCluster.nodes(5000, 11);
    offered = BenchCluster.names(snapshot);
    for (int i = 0; i < 50; i++) {
      ledger.admit(BenchCluster.gang("other-" + i, 20, 20), offered, policy, snapshot, BenchCluster.NOW);
    }
    gang = BenchCluster.gang("app", 200, 400);
    ledger.admit(gang, offered, policy, snapshot, BenchCluster.NOW);
    offered = List.copyOf(offered.subList(0, Math.min(offeredCount, offered.size())));
  }

  @Benchmark
  public Map<String, Integer> prioritizeExecutor() {
    return ledger.score(gang.id(), false, offered, snapshot, policy);
  }
}
