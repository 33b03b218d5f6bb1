package io.muster.placement.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.policy.QueueDiscipline;
import io.muster.placement.testing.Genes;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The ledger under random arrivals, claims, bindings, releases and timeouts: no node is ever
 * planned past allocatable (bound pods + every reservation, every dimension), the held-room index
 * always equals the live reservations, reserved gangs are whole, no pod holds two slots, release
 * restores free room exactly, the queue disciplines hold, and replays are deterministic.
 */
class LedgerPropertiesTest {
  private static final int STEPS = 40;

  @Provide
  Arbitrary<List<Integer>> genes() {
    return Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(150).ofMaxSize(400);
  }

  @Property(tries = 1000)
  void invariantsHoldUnderRandomOperations(@ForAll("genes") List<Integer> raw) {
    Genes g = new Genes(raw);
    LedgerSimulation sim = new LedgerSimulation(g, null, false);
    sim.run(g, STEPS);
    Statistics.label("admitted").collect(Math.min(sim.admitted, 3));
    Statistics.label("executors bound").collect(sim.executorsBound > 0);
    Statistics.label("extras steered").collect(sim.extras > 0);
    Statistics.label("queue blocks").collect(sim.queueBlocks > 0);
  }

  /**
   * Long runs, so that gangs fill their slots and steer extra executors, which kube-scheduler binds
   * only some steps later: no gang admitted in between may be planned into an extra's room.
   */
  @Provide
  Arbitrary<List<Integer>> longGenes() {
    return Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(600).ofMaxSize(1600);
  }

  @Property(tries = 300)
  void extraExecutorsBoundLaterNeverOverbookANode(@ForAll("longGenes") List<Integer> raw) {
    Genes g = new Genes(raw);
    LedgerSimulation sim = new LedgerSimulation(g, null, false);
    sim.run(g, 4 * STEPS);
    Statistics.label("extras steered").collect(Math.min(sim.extras, 3));
  }

  @Property(tries = 1000)
  void underStrictFifoNoGangIsAdmittedPastAnOlderQueuedGang(@ForAll("genes") List<Integer> raw) {
    Genes g = new Genes(raw);
    LedgerSimulation sim = new LedgerSimulation(g, QueueDiscipline.STRICT_FIFO, false);
    sim.run(g, STEPS);
    Statistics.label("queue blocks").collect(sim.queueBlocks > 0);
  }

  @Property(tries = 1000)
  void underBackfillNoGangShrinksTheHeadsPlan(@ForAll("genes") List<Integer> raw) {
    Genes g = new Genes(raw);
    LedgerSimulation sim = new LedgerSimulation(g, QueueDiscipline.BACKFILL, false);
    sim.run(g, STEPS);
    Statistics.label("queue blocks").collect(sim.queueBlocks > 0);
  }

  @Property(tries = 1000)
  void theSameSequenceGivesTheSameDecisionsWhateverTheMapOrder(@ForAll("genes") List<Integer> raw) {
    Genes first = new Genes(raw);
    LedgerSimulation a = new LedgerSimulation(first, null, false);
    a.run(first, STEPS);
    Genes second = new Genes(raw);
    LedgerSimulation b = new LedgerSimulation(second, null, true);
    b.run(second, STEPS);
    assertThat(b.log()).isEqualTo(a.log());
  }
}
