package io.muster.loadtest.report;

import static io.muster.loadtest.report.Html.num;
import static io.muster.loadtest.report.Html.pct;

import io.muster.loadtest.report.Experiments.Results;
import io.muster.loadtest.report.Experiments.SweepRow;
import io.muster.loadtest.sim.RunResult;
import java.util.List;
import java.util.Locale;

/** The headline numbers as Markdown, for the README and the console. */
final class Summary {
  private Summary() {}

  static String markdown(Results r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Fixed cluster, seed ")
        .append(r.main().seed())
        .append(": ")
        .append(ReportPage.describe(r.main()))
        .append("\n\n");
    sb.append(
        "| contender | completed | driver up, executors never | driver waited ≥ 5 min |"
            + " driver core-h waiting | executor core-h idle | mean / p95 completion (min) |"
            + " makespan (h) | useful CPU | nodes per app | cross-zone (shuffle-heavy) |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult x : r.fixed()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d/%d | %d | %d | %s | %s | %s / %s | %s | %s | %s | %s |%n",
              x.contender(),
              x.completed(),
              x.apps(),
              x.deadlocked(),
              x.stuck(),
              num(x.driverCoreHoursWaiting(), 1),
              num(x.executorCoreHoursIdle(), 1),
              num(x.meanCompletionSeconds() / 60, 1),
              num(x.p95CompletionSeconds() / 60, 1),
              x.makespanSeconds() < 0 ? "—" : num(x.makespanSeconds() / 3600, 2),
              pct(x.usefulUtilization()),
              num(x.meanNodesPerApp(), 1),
              pct(x.meanCrossZoneShareShuffleHeavy())));
    }
    sb.append("\nAutoscaler (").append(ReportPage.describe(r.autoscaleTrace())).append(")\n\n");
    sb.append(
        "| contender | completed | scale-ups | scale-ups per scaled app | apps scaled ≥ 2× |\n");
    sb.append("|---|---|---|---|---|\n");
    List<String> labels = List.of("first-fit", "muster (pod view)", "muster (gang demand)");
    for (int i = 0; i < r.autoscaled().size(); i++) {
      RunResult x = r.autoscaled().get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d/%d | %d | %s | %d |%n",
              labels.get(i),
              x.completed(),
              x.apps(),
              x.scaleUpEvents(),
              num(x.meanScaleUpsPerScaledApp(), 2),
              x.appsScaledTwiceOrMore()));
    }
    if (!r.sweep().isEmpty()) {
      sb.append('\n').append(sweepSentence(r.sweep())).append('\n');
    }
    sb.append("\nSpark's own start rule (80 % of executors or 30 s), seed ")
        .append(r.main().seed())
        .append(
            ":\n\n| contender | completed | driver waited ≥ 5 min | executor core-h idle |"
                + " mean / p95 completion (min) | makespan (h) | useful CPU |\n|---|---|---|---|---|---|---|\n");
    for (RunResult x : r.sparkRule()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d/%d | %d | %s | %s / %s | %s | %s |%n",
              x.contender(),
              x.completed(),
              x.apps(),
              x.stuck(),
              num(x.executorCoreHoursIdle(), 1),
              num(x.meanCompletionSeconds() / 60, 1),
              num(x.p95CompletionSeconds() / 60, 1),
              x.makespanSeconds() < 0 ? "—" : num(x.makespanSeconds() / 3600, 2),
              pct(x.usefulUtilization())));
    }
    if (!r.sparkRuleSweep().isEmpty()) {
      sb.append('\n').append(sweepSentence(r.sparkRuleSweep())).append('\n');
    }
    return sb.toString();
  }

  /** How often each contender left applications stranded over the sweep. */
  static String sweepSentence(List<SweepRow> rows) {
    long seeds = rows.stream().mapToLong(SweepRow::seed).distinct().count();
    StringBuilder sb = new StringBuilder("Over " + seeds + " seeds: ");
    List<String> names = rows.stream().map(x -> x.result().contender()).distinct().toList();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      List<RunResult> runs =
          rows.stream().map(SweepRow::result).filter(x -> x.contender().equals(name)).toList();
      long stranded = runs.stream().filter(x -> !x.allCompleted()).count();
      double util = runs.stream().mapToDouble(RunResult::usefulUtilization).average().orElse(0);
      int dead = runs.stream().mapToInt(RunResult::deadlocked).sum();
      sb.append(
          String.format(
              Locale.ROOT,
              "%s left applications unfinished in %d of %d runs (%d drivers waiting forever in"
                  + " all), mean useful CPU %s",
              name,
              stranded,
              runs.size(),
              dead,
              pct(util)));
      sb.append(i == names.size() - 1 ? "." : "; ");
    }
    return sb.toString();
  }
}
