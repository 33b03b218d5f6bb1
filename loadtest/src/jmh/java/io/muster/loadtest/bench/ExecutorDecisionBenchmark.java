package io.muster.loadtest.bench;

import io.muster.placement.ExecutorDecision;
import io.muster.placement.PlacementDecision;
import io.muster.placement.ledger.GangLedger;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.policy.PlacementPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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
 * One executor decision ({@link GangLedger#steer}) with 5,000 offered nodes for a 1 + 200 gang,
 * 50 other gangs reserved: {@code slot} (an offered node holds an open slot: the common case),
 * {@code repair} (none does: a slot moves) and {@code extra} (all slots taken: rank free room).
 * Goal: ≤ 50 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExecutorDecisionBenchmark {
  @Param({"slot", "repair", "extra"})
  String kind;

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
    snapshot = BenchCluster.nodes(5000, 7);
    List<String> all = BenchCluster.names(snapshot);
    for (int i = 0; i < 50; i++) {
      ledger.admit(BenchCluster.gang("other-" + i, 20, 20), all, policy, snapshot, BenchCluster.NOW);
    }
    gang = BenchCluster.gang("app", 200, 400);
    PlacementDecision d = ledger.admit(gang, all, policy, snapshot, BenchCluster.NOW);
    Reservation r = ((PlacementDecision.Placed) d).reservation();
    List<String> slotNodes = r.slots().stream().map(Slot::node).distinct().toList();
    offered = new ArrayList<>(all);
    Collections.shuffle(offered, new Random(1));
    offered.removeAll(slotNodes);
    offered = new ArrayList<>(offered.subList(0, Math.min(offeredCount, offered.size())));
    switch (kind) {
      case "slot" -> {
        // Exactly one open slot's node is offered, at the end of the list.
        offered.remove(offered.size() - 1);
        offered.add(slotNodes.get(slotNodes.size() - 1));
      }
      case "repair" -> {}
      case "extra" -> {
        for (Slot s : r.slots()) {
          ledger.claim(gang.id(), s.index(), "exec-" + s.index(), BenchCluster.NOW);
        }
      }
      default -> throw new IllegalArgumentException(kind);
    }
    ExecutorDecision check = steer();
    boolean expected =
        switch (kind) {
          case "slot" -> check instanceof ExecutorDecision.UseSlot;
          case "repair" -> check instanceof ExecutorDecision.Repair;
          default -> check instanceof ExecutorDecision.Extra;
        };
    if (!expected) {
      throw new IllegalStateException(kind + " benchmark decided " + check);
    }
  }

  @Benchmark
  public ExecutorDecision steer() {
    return ledger.steer(gang.id(), "exec-new", offered, snapshot, policy, BenchCluster.NOW);
  }
}
