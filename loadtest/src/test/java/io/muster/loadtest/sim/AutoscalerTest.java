package io.muster.loadtest.sim;

import static io.muster.loadtest.sim.SimulationTest.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.muster.loadtest.trace.Trace;
import io.muster.loadtest.trace.TraceFormat;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.QueueDiscipline;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
  /** One full 4-core node; x (1 driver + 8 executors of 1 core) arrives at 10 s. */
  private static final Trace FULL_CLUSTER =
      TraceFormat.read(
          """
          cluster nodes=1 zones=1 cpu=4000 memoryMiB=16384 pods=110
          app id=filler arrival=0 driverCpu=1000 driverMemoryMiB=1024 executorCpu=1000 executorMemoryMiB=1024 executors=3 duration=3000
          app id=x arrival=10 driverCpu=1000 driverMemoryMiB=1024 executorCpu=1000 executorMemoryMiB=1024 executors=8 duration=100
          """);

  private static final SimSettings SIX_HOURS =
      new SimSettings(5, 5, 1, 300, 300, 6 * 3600, 4, 60, 1.0, 0);
  private static final AutoscalerSettings AUTOSCALER = AutoscalerSettings.defaults(10);
  private static final Contender MUSTER =
      Contender.muster(QueueDiscipline.STRICT_FIFO, PackingStrategy.TIGHTLY_PACK);

  @Test
  void podByPodSchedulingScalesUpOnceForTheDriverAndOnceForTheExecutors() {
    RunResult r = Simulation.run(FULL_CLUSTER, new Contender.FirstFit(), SIX_HOURS, AUTOSCALER);

    AppOutcome x = outcome(r, "x");
    assertThat(x.scaleUps()).isEqualTo(2);
    // Pending from 10 s, checked at 40 s, node up at 160 s; executors pending from 165 s,
    // checked at 195 s, two nodes up at 315 s.
    assertThat(x.driverStart()).isEqualTo(160);
    assertThat(x.runStart()).isEqualTo(315);
    assertThat(r.scaleUpEvents()).isEqualTo(2);
    assertThat(r.nodesAdded()).isEqualTo(3);
  }

  @Test
  void gangDemandScalesUpOnceForTheWholeGang() {
    RunResult r = Simulation.run(FULL_CLUSTER, MUSTER, SIX_HOURS, AUTOSCALER.withGangDemand(true));

    AppOutcome x = outcome(r, "x");
    assertThat(x.scaleUps()).isEqualTo(1);
    assertThat(x.driverStart()).isEqualTo(160);
    assertThat(r.nodesAdded()).isEqualTo(3);
    assertThat(r.completed()).isEqualTo(2);
  }

  @Test
  void withoutGangDemandTheAutoscalerCannotSeeWhatAMusterGangNeeds() {
    RunResult r = Simulation.run(FULL_CLUSTER, MUSTER, SIX_HOURS, AUTOSCALER);

    // The autoscaler adds a node for the pending driver; Muster then rejects the driver (its
    // gang needs 9 cores), which the autoscaler, running no extender, sees as schedulable.
    AppOutcome x = outcome(r, "x");
    assertThat(x.completed()).isFalse();
    assertThat(x.driverStart()).isEqualTo(-1);
    assertThat(x.scaleUps()).isGreaterThanOrEqualTo(1);
    assertThat(outcome(r, "filler").completed()).isTrue();
  }

  @Test
  void emptyNodesAreRemovedButNeverBelowTheInitialSize() {
    RunResult r = Simulation.run(FULL_CLUSTER, new Contender.FirstFit(), SIX_HOURS, AUTOSCALER);

    UsageSample last = r.samples().get(r.samples().size() - 1);
    assertThat(r.peakNodes()).isEqualTo(4);
    assertThat(last.capacityCores()).isEqualTo(4.0);
  }
}
