package io.muster.loadtest.report;

import io.muster.loadtest.sim.AutoscalerSettings;
import io.muster.loadtest.sim.Contender;
import io.muster.loadtest.sim.RunResult;
import io.muster.loadtest.sim.SimSettings;
import io.muster.loadtest.sim.Simulation;
import io.muster.loadtest.trace.ClusterShape;
import io.muster.loadtest.trace.Trace;
import io.muster.loadtest.trace.TraceFormat;
import io.muster.loadtest.trace.WorkloadGenerator;
import io.muster.loadtest.trace.WorkloadShape;
import io.muster.placement.model.Resources;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.QueueDiscipline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the report's three experiments on traces read from (or, the first time, generated into) the
 * trace directory: every contender on the main trace; first-fit and Muster under an autoscaler;
 * first-fit, strict-fifo and backfill over a sweep of seeds.
 */
final class Experiments {
  /** The results of one report. */
  record Results(
      Trace main,
      List<RunResult> fixed,
      Trace autoscaleTrace,
      AutoscalerSettings autoscaler,
      List<RunResult> autoscaled,
      List<SweepRow> sweep,
      List<RunResult> sparkRule,
      List<SweepRow> sparkRuleSweep) {}

  /** One contender on one seed of the sweep. */
  record SweepRow(long seed, RunResult result) {}

  static final Resources NODE = Resources.of(16_000, 64L << 30, 110);
  static final Contender STRICT =
      Contender.muster(QueueDiscipline.STRICT_FIFO, PackingStrategy.TIGHTLY_PACK);
  static final Contender BACKFILL =
      Contender.muster(QueueDiscipline.BACKFILL, PackingStrategy.TIGHTLY_PACK);

  private final ReportConfig config;

  Experiments(ReportConfig config) {
    this.config = config;
  }

  Results run() {
    SimSettings sim = SimSettings.DEFAULT;
    WorkloadShape shape = WorkloadShape.DEFAULT.withApps(config.apps());
    Trace main = trace("seed-%d-%dnodes", config.seed(), config.nodes(), shape);
    List<RunResult> fixed = new ArrayList<>();
    for (Contender c : Contender.standard()) {
      fixed.add(Simulation.run(main, c, sim));
    }
    Trace small = trace("seed-%d-%dnodes", config.seed(), config.autoscaleNodes(), shape);
    AutoscalerSettings as = AutoscalerSettings.defaults(config.autoscaleMaxNodes());
    List<RunResult> autoscaled =
        List.of(
            Simulation.run(small, new Contender.FirstFit(), sim, as),
            Simulation.run(small, STRICT, sim, as),
            Simulation.run(small, STRICT, sim, as.withGangDemand(true)));
    List<Contender> three = List.of(new Contender.FirstFit(), STRICT, BACKFILL);
    SimSettings spark = sim.withSparkStartRule();
    List<RunResult> sparkRule = new ArrayList<>();
    for (Contender c : three) {
      sparkRule.add(Simulation.run(main, c, spark));
    }
    List<SweepRow> sweep = new ArrayList<>();
    List<SweepRow> sparkSweep = new ArrayList<>();
    for (long seed = 1; seed <= config.sweepSeeds(); seed++) {
      Trace t = trace("seed-%d-%dnodes", seed, config.nodes(), shape);
      for (Contender c : three) {
        sweep.add(new SweepRow(seed, Simulation.run(t, c, sim)));
        sparkSweep.add(new SweepRow(seed, Simulation.run(t, c, spark)));
      }
    }
    return new Results(main, fixed, small, as, autoscaled, sweep, sparkRule, sparkSweep);
  }

  /** Reads the trace file if it exists, else generates it from the seed and writes it. */
  private Trace trace(String pattern, long seed, int nodes, WorkloadShape shape) {
    String name = String.format(Locale.ROOT, pattern, seed, nodes) + "-" + shape.apps() + "apps";
    Path file = config.traces().resolve(name + ".trace");
    try {
      if (Files.exists(file)) {
        return TraceFormat.read(Files.readString(file, StandardCharsets.UTF_8));
      }
      Trace t =
          WorkloadGenerator.generate(seed, new ClusterShape(nodes, config.zones(), NODE), shape);
      Files.createDirectories(config.traces());
      Files.writeString(file, TraceFormat.write(t), StandardCharsets.UTF_8);
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException("trace " + file, e);
    }
  }
}
