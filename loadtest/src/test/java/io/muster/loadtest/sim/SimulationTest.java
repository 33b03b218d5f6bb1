package io.muster.loadtest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.loadtest.trace.Trace;
import io.muster.loadtest.trace.TraceFormat;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.QueueDiscipline;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final Contender FIRST_FIT = new Contender.FirstFit();
  private static final Contender STRICT =
      Contender.muster(QueueDiscipline.STRICT_FIFO, PackingStrategy.TIGHTLY_PACK);
  private static final Contender BACKFILL =
      Contender.muster(QueueDiscipline.BACKFILL, PackingStrategy.TIGHTLY_PACK);

  /** Two applications submitted together, each needing 60% of a 2 × 10-core cluster. */
  private static final Trace TWO_AT_SIXTY_PERCENT =
      TraceFormat.read(
          """
          cluster nodes=2 zones=1 cpu=10000 memoryMiB=40960 pods=110
          app id=a arrival=0 driverCpu=1000 driverMemoryMiB=1024 executorCpu=1000 executorMemoryMiB=1024 executors=11 duration=600
          app id=b arrival=0 driverCpu=1000 driverMemoryMiB=1024 executorCpu=1000 executorMemoryMiB=1024 executors=11 duration=600
          """);

  @Test
  void firstFitDeadlocksTwoApplicationsThatEachNeedSixtyPercent() {
    RunResult r = Simulation.run(TWO_AT_SIXTY_PERCENT, FIRST_FIT, SimSettings.DEFAULT);

    // Both drivers start, executors arrive in interleaved batches of 5: a gets 10, b gets 8, and
    // the cluster is full with neither job able to start.
    assertThat(r.completed()).isZero();
    assertThat(r.deadlocked()).isEqualTo(2);
    assertThat(r.stuck()).isEqualTo(2);
    assertThat(r.makespanSeconds()).isEqualTo(-1);
    assertThat(r.usefulUtilization()).isZero();
    assertThat(r.allocatedUtilization()).isGreaterThan(0.9);
    assertThat(r.driverCoreHoursWaiting()).isGreaterThan(0);
  }

  @Test
  void withSparksOwnStartRuleFirstFitRunsBothSlowlyInsteadOfDeadlocking() {
    SimSettings spark = SimSettings.DEFAULT.withSparkStartRule();

    RunResult r = Simulation.run(TWO_AT_SIXTY_PERCENT, FIRST_FIT, spark);

    // a reaches 10 ≥ 0.8 × 11 executors at 6 s and runs at rate 10: 6 600 / 10 = 660 s.
    AppOutcome a = outcome(r, "a");
    assertThat(a.runStart()).isEqualTo(6);
    assertThat(a.done()).isEqualTo(666);
    // b has 8 < 9 executors; its tasks start at the 30 s deadline (asked at 5 s), at rate 8, and
    // it gets its last 3 executors when a finishes.
    AppOutcome b = outcome(r, "b");
    assertThat(b.runStart()).isEqualTo(35);
    assertThat(b.done()).isBetween(800.0, 810.0);
    assertThat(r.deadlocked()).isZero();
    // Muster still admits b only when a's whole gang is gone.
    RunResult muster = Simulation.run(TWO_AT_SIXTY_PERCENT, STRICT, spark);
    assertThat(outcome(muster, "b").driverStart()).isEqualTo(outcome(muster, "a").done());
    assertThat(muster.completed()).isEqualTo(2);
  }

  @Test
  void musterRunsOneThenTheOther() {
    for (Contender muster : new Contender[] {STRICT, BACKFILL}) {
      RunResult r = Simulation.run(TWO_AT_SIXTY_PERCENT, muster, SimSettings.DEFAULT);

      assertThat(r.completed()).as(muster.name()).isEqualTo(2);
      assertThat(r.deadlocked()).isZero();
      AppOutcome a = outcome(r, "a");
      AppOutcome b = outcome(r, "b");
      // a: driver at 0, executors asked at 5 s in batches of 5 (5, 6, 7 s), job 600 s.
      assertThat(a.runStart()).isEqualTo(7);
      assertThat(a.done()).isEqualTo(607);
      // b is admitted only when a is gone, so its driver never waits behind a partial gang.
      assertThat(b.driverStart()).isEqualTo(607);
      assertThat(b.done()).isEqualTo(607 + 607);
      assertThat(b.driverWaitSeconds()).isEqualTo(7);
      assertThat(r.makespanSeconds()).isEqualTo(1214);
      assertThat(r.stuck()).isZero();
    }
  }

  @Test
  void aGangLargerThanTheClusterNeverHoldsADriverUnderMuster() {
    Trace trace =
        TraceFormat.read(
            """
            cluster nodes=1 zones=1 cpu=4000 memoryMiB=16384 pods=110
            app id=huge arrival=0 driverCpu=1000 driverMemoryMiB=1024 executorCpu=1000 executorMemoryMiB=1024 executors=8 duration=60
            """);

    RunResult ff = Simulation.run(trace, FIRST_FIT, SimSettings.DEFAULT);
    RunResult muster = Simulation.run(trace, STRICT, SimSettings.DEFAULT);

    assertThat(ff.deadlocked()).isEqualTo(1);
    assertThat(ff.driverCoreHoursWaiting()).isGreaterThan(0);
    assertThat(muster.neverStarted()).isEqualTo(1);
    assertThat(muster.deadlocked()).isZero();
    assertThat(muster.driverCoreHoursWaiting()).isZero();
  }

  /** a fills 8 of 10 cores for 1000 s; b (6 cores) must wait; c (1 core) fits beside a. */
  private static final Trace BACKFILL_CASE =
      TraceFormat.read(
          """
          cluster nodes=1 zones=1 cpu=10000 memoryMiB=40960 pods=110
          app id=a arrival=0 driverCpu=1000 driverMemoryMiB=1024 executorCpu=1000 executorMemoryMiB=1024 executors=7 duration=1000
          app id=b arrival=10 driverCpu=1000 driverMemoryMiB=1024 executorCpu=2000 executorMemoryMiB=1024 executors=3 duration=100
          app id=c arrival=20 driverCpu=500 driverMemoryMiB=512 executorCpu=500 executorMemoryMiB=512 executors=1 duration=100
          """);

  @Test
  void backfillLetsASmallGangPassWhenItCannotDelayTheHead() {
    RunResult strict = Simulation.run(BACKFILL_CASE, STRICT, SimSettings.DEFAULT);
    RunResult backfill = Simulation.run(BACKFILL_CASE, BACKFILL, SimSettings.DEFAULT);

    // Strict FIFO: c waits behind b, which waits for a.
    assertThat(outcome(strict, "c").driverStart())
        .isGreaterThanOrEqualTo(outcome(strict, "a").done());
    // Backfill: c takes room b could not use now, and b is admitted no later than under FIFO.
    assertThat(outcome(backfill, "c").done()).isLessThan(outcome(backfill, "a").done());
    assertThat(outcome(backfill, "b").driverStart()).isEqualTo(outcome(strict, "b").driverStart());
    assertThat(backfill.completed()).isEqualTo(3);
  }

  /** One shuffle-heavy gang of 7 × 4-core executors on 6 × 16-core nodes in 3 zones. */
  private static final Trace ONE_GANG_THREE_ZONES =
      TraceFormat.read(
          """
          cluster nodes=6 zones=3 cpu=16000 memoryMiB=65536 pods=110
          app id=x arrival=0 driverCpu=1000 driverMemoryMiB=1024 executorCpu=4000 executorMemoryMiB=8192 executors=7 duration=300 shuffle=heavy
          """);

  @Test
  void packingStrategiesShapeLocality() {
    Map<PackingStrategy, RunResult> runs = new java.util.EnumMap<>(PackingStrategy.class);
    for (PackingStrategy s : PackingStrategy.values()) {
      runs.put(
          s,
          Simulation.run(
              ONE_GANG_THREE_ZONES,
              Contender.muster(QueueDiscipline.STRICT_FIFO, s),
              SimSettings.DEFAULT));
    }

    assertThat(runs.get(PackingStrategy.SINGLE_ZONE).meanCrossZoneShare()).isZero();
    assertThat(runs.get(PackingStrategy.SINGLE_ZONE).meanNodesPerApp()).isEqualTo(2);
    assertThat(runs.get(PackingStrategy.TIGHTLY_PACK).meanNodesPerApp()).isEqualTo(2);
    assertThat(runs.get(PackingStrategy.DISTRIBUTE_EVENLY).meanNodesPerApp()).isEqualTo(6);
    assertThat(runs.get(PackingStrategy.DISTRIBUTE_EVENLY).meanCrossZoneShare()).isGreaterThan(0.5);
  }

  @Test
  void dynamicAllocationExtrasShortenTheJob() {
    Trace trace =
        TraceFormat.read(
            """
            cluster nodes=1 zones=1 cpu=16000 memoryMiB=65536 pods=110
            app id=d arrival=0 driverCpu=1000 driverMemoryMiB=1024 executorCpu=1000 executorMemoryMiB=1024 minExecutors=2 maxExecutors=10 duration=1000
            """);

    for (Contender c : new Contender[] {FIRST_FIT, STRICT}) {
      AppOutcome d = outcome(Simulation.run(trace, c, SimSettings.DEFAULT), "d");

      assertThat(d.runStart()).as(c.name()).isEqualTo(5);
      assertThat(d.executors()).as(c.name()).isEqualTo(10);
      // 10 000 executor-seconds of work: 2 executors for 1 s, then 5 more each second → ~1000 s.
      assertThat(d.done() - d.runStart()).as(c.name()).isBetween(1000.0, 1010.0);
    }
  }

  static AppOutcome outcome(RunResult r, String id) {
    return r.outcomes().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
  }
}
