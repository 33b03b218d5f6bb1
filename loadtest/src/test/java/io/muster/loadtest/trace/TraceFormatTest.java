package io.muster.loadtest.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceFormatTest {
  private static final ClusterShape CLUSTER =
      new ClusterShape(12, 3, io.muster.placement.model.Resources.of(16000, 64L << 30, 110));

  @Test
  void generatedTraceSurvivesAWriteAndARead() {
    Trace trace = WorkloadGenerator.generate(11, CLUSTER, WorkloadShape.DEFAULT.withApps(40));

    Trace back = TraceFormat.read(TraceFormat.write(trace));

    assertThat(back).isEqualTo(trace);
    assertThat(TraceFormat.write(back)).isEqualTo(TraceFormat.write(trace));
  }

  @Test
  void sameSeedSameTraceOtherSeedOtherTrace() {
    WorkloadShape shape = WorkloadShape.DEFAULT.withApps(40);

    String a = TraceFormat.write(WorkloadGenerator.generate(5, CLUSTER, shape));
    String b = TraceFormat.write(WorkloadGenerator.generate(5, CLUSTER, shape));
    String c = TraceFormat.write(WorkloadGenerator.generate(6, CLUSTER, shape));

    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void handWrittenShorthandAndDefaults() {
    Trace t =
        TraceFormat.read(
            """
            # a comment
            cluster nodes=2 zones=1 cpu=10000 memoryMiB=40960 pods=110

            app id=a arrival=3 driverCpu=1000 driverMemoryMiB=1024 executorCpu=500 executorMemoryMiB=2048 executors=4 duration=60
            """);

    assertThat(t.seed()).isZero();
    AppSpec a = t.apps().get(0);
    assertThat(a.minExecutors()).isEqualTo(4);
    assertThat(a.maxExecutors()).isEqualTo(4);
    assertThat(a.shuffleHeavy()).isFalse();
    assertThat(a.executor().memoryBytes()).isEqualTo(2048L << 20);
    assertThat(a.workMillis()).isEqualTo(60_000L * 4);
  }

  @Test
  void malformedLinesNameTheLineAndTheProblem() {
    String cluster = "cluster nodes=2 zones=1 cpu=10000 memoryMiB=40960 pods=110\n";
    assertThatThrownBy(() -> TraceFormat.read(cluster + "app id=a arrival=x executors=1\n"))
        .hasMessageContaining("trace line 2")
        .hasMessageContaining("arrival is not an integer");
    assertThatThrownBy(() -> TraceFormat.read(cluster + "app id=a colour=red\n"))
        .hasMessageContaining("unknown key colour");
    assertThatThrownBy(() -> TraceFormat.read("seed 1\n")).hasMessageContaining("no cluster");
    assertThatThrownBy(() -> TraceFormat.read(cluster + "node x\n"))
        .hasMessageContaining("unknown record node");
  }

  @Test
  void generatorHonoursTheShape() {
    WorkloadShape shape = WorkloadShape.DEFAULT.withApps(400);
    Trace t = WorkloadGenerator.generate(3, CLUSTER, shape);

    long large = t.apps().stream().filter(a -> a.maxExecutors() >= 25).count();
    long dynamic = t.apps().stream().filter(AppSpec::dynamicAllocation).count();
    long shuffle = t.apps().stream().filter(AppSpec::shuffleHeavy).count();
    assertThat(t.apps()).hasSize(400);
    assertThat(large).isBetween(20L, 70L);
    assertThat(dynamic).isBetween(60L, 140L);
    assertThat(shuffle).isBetween(120L, 200L);
    assertThat(t.apps().get(0).arrivalSeconds()).isZero();
    assertThat(t.apps()).allSatisfy(a -> assertThat(a.minimumMilliCpu()).isPositive());
  }
}
