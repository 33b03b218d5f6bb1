package io.muster.loadtest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.loadtest.trace.ClusterShape;
import io.muster.loadtest.trace.Trace;
import io.muster.loadtest.trace.TraceFormat;
import io.muster.loadtest.trace.WorkloadGenerator;
import io.muster.loadtest.trace.WorkloadShape;
import io.muster.placement.model.Resources;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  private static final ClusterShape CLUSTER =
      new ClusterShape(10, 3, Resources.of(16000, 64L << 30, 110));

  private static Trace trace(long seed) {
    return WorkloadGenerator.generate(seed, CLUSTER, WorkloadShape.DEFAULT.withApps(30));
  }

  @Test
  void sameSeedSameResultForEveryContender() {
    for (Contender c : Contender.standard()) {
      RunResult first = Simulation.run(trace(42), c, SimSettings.DEFAULT);
      RunResult again =
          Simulation.run(TraceFormat.read(TraceFormat.write(trace(42))), c, SimSettings.DEFAULT);

      assertThat(again).as(c.name()).isEqualTo(first);
      assertThat(first.apps()).isEqualTo(30);
    }
  }

  @Test
  void sameSeedSameResultWithTheAutoscaler() {
    AutoscalerSettings as = AutoscalerSettings.defaults(30);
    Contender muster = Contender.standard().get(1);

    RunResult first =
        Simulation.run(trace(9), muster, SimSettings.DEFAULT, as.withGangDemand(true));
    RunResult again =
        Simulation.run(trace(9), muster, SimSettings.DEFAULT, as.withGangDemand(true));

    assertThat(again).isEqualTo(first);
  }

  @Test
  void otherSeedOtherResult() {
    Contender muster = Contender.standard().get(1);

    assertThat(Simulation.run(trace(1), muster, SimSettings.DEFAULT))
        .isNotEqualTo(Simulation.run(trace(2), muster, SimSettings.DEFAULT));
  }
}
