package io.muster.loadtest.report;

import static io.muster.loadtest.report.Html.num;
import static io.muster.loadtest.report.Html.pct;

import io.muster.loadtest.report.Experiments.Results;
import io.muster.loadtest.report.Experiments.SweepRow;
import io.muster.loadtest.sim.RunResult;
import io.muster.loadtest.sim.UsageSample;
import io.muster.loadtest.throughput.ThroughputSummary;
import io.muster.loadtest.trace.AppSpec;
import io.muster.loadtest.trace.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Composes {@code index.html} and its charts from the experiments' results. */
final class ReportPage {
  static final String COMMAND = "loadtest/run-simulation.sh";

  private final Charts charts;
  private final Html html = new Html();

  ReportPage(Charts charts) {
    this.charts = charts;
  }

  String render(Results r) throws IOException {
    return render(r, List.of());
  }

  /**
   * The simulator's page, and the extender's latency vs cluster size when {@code protocol} has it.
   */
  String render(Results r, List<ProtocolScaling.Point> protocol) throws IOException {
    return render(r, protocol, List.of());
  }

  /**
   * The simulator's page, the extender's latency vs cluster size, and the real kube-scheduler's
   * throughput with and without extenders ({@link ThroughputSummary} rows) when there are any.
   */
  String render(Results r, List<ProtocolScaling.Point> protocol, List<List<String>> throughput)
      throws IOException {
    html.raw("<!doctype html><html><head><meta charset=\"utf-8\">")
        .raw("<title>Muster loadtest report</title><style>" + CSS + "</style></head><body>")
        .h(1, "Muster: scheduling quality (simulated) and speed (measured)")
        .raw(
            "<p>Reproduce: <code>"
                + COMMAND
                + "</code> (same seeds, same numbers). Every run drives the real"
                + " <code>placement</code> library (GangLedger) or pod-by-pod first-fit over the same"
                + " trace; times are simulated. Chart labels: fifo = Muster strict-fifo, backfill ="
                + " Muster backfill; tight = tightly-pack, even = distribute-evenly, zone ="
                + " single-zone, min-frag = minimal-fragmentation.</p>");
    fixed(r.main(), r.fixed());
    autoscaled(r);
    if (!r.sweep().isEmpty()) {
      sweep(r.sweep());
    }
    sparkRule(r);
    if (!protocol.isEmpty()) {
      protocolLatency(protocol);
    }
    if (!throughput.isEmpty()) {
      throughput(throughput);
    }
    html.h(2, "Model and assumptions").list(Assumptions.LINES);
    return html.raw("</body></html>").toString();
  }

  private void fixed(Trace trace, List<RunResult> runs) throws IOException {
    html.h(2, "Fixed cluster, seed " + trace.seed()).p(describe(trace));
    html.table(FIXED_HEADER, runs.stream().map(ReportPage::fixedRow).toList());
    img(
        charts.bars(
            "stuck.png",
            "Applications whose driver waited ≥ 5 min for executors",
            "applications",
            runs,
            metrics(
                "stuck ≥ 5 min", r -> r.stuck(), "never got all executors", r -> r.deadlocked())));
    img(
        charts.bars(
            "waste.png",
            "Core-hours held while waiting for executors",
            "core-hours",
            runs,
            metrics(
                "drivers",
                RunResult::driverCoreHoursWaiting,
                "executors already up",
                RunResult::executorCoreHoursIdle)));
    img(
        charts.bars(
            "completion.png",
            "Completion time of completed applications",
            "minutes",
            runs,
            metrics(
                "mean",
                r -> r.meanCompletionSeconds() / 60,
                "p95",
                r -> r.p95CompletionSeconds() / 60)));
    img(charts.completionCdf("completion-cdf.png", runs));
    img(
        charts.bars(
            "utilization.png",
            "CPU utilization up to the last completion",
            "share of capacity",
            runs,
            metrics(
                "useful (job running)",
                RunResult::usefulUtilization,
                "allocated (any bound pod)",
                RunResult::allocatedUtilization)));
    img(
        charts.bars(
            "locality.png",
            "Nodes per application (executors when the job finished)",
            "nodes",
            runs,
            Map.of("nodes per application", RunResult::meanNodesPerApp)));
    img(
        charts.bars(
            "cross-zone.png",
            "Share of executors outside the application's main zone",
            "share of executors",
            runs,
            metrics(
                "all applications",
                RunResult::meanCrossZoneShare,
                "shuffle-heavy applications",
                RunResult::meanCrossZoneShareShuffleHeavy)));
    List<RunResult> pair = List.of(runs.get(0), runs.get(1));
    img(
        charts.timeline(
            "useful-cores.png",
            "Cores of applications whose job runs",
            "cores",
            pair,
            UsageSample::usefulCores));
    img(
        charts.timeline(
            "drivers-waiting.png",
            "Drivers up and waiting for their executors",
            "drivers",
            pair,
            s -> s.driversWaiting()));
  }

  private void autoscaled(Results r) throws IOException {
    html.h(2, "With a cluster autoscaler, seed " + r.autoscaleTrace().seed())
        .p(
            describe(r.autoscaleTrace())
                + " The autoscaler adds nodes when a pod has been unschedulable for "
                + r.autoscaler().pendingSeconds()
                + " s (new nodes ready after "
                + r.autoscaler().provisionSeconds()
                + " s, at most "
                + r.autoscaler().maxNodes()
                + " nodes) and removes nodes empty for "
                + r.autoscaler().scaleDownSeconds()
                + " s. “gang demand” means the autoscaler also sees placeholders for a waiting"
                + " gang's executors; Muster does not publish these today.");
    List<RunResult> runs = r.autoscaled();
    List<String> labels = List.of("first-fit", "muster (pod view)", "muster (gang demand)");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      RunResult x = runs.get(i);
      rows.add(
          List.of(
              labels.get(i),
              x.completed() + "/" + x.apps(),
              Integer.toString(x.scaleUpEvents()),
              Integer.toString(x.nodesAdded()),
              Integer.toString(x.peakNodes()),
              num(x.meanScaleUpsPerScaledApp(), 2),
              Integer.toString(x.appsScaledTwiceOrMore()),
              Integer.toString(x.stuck()),
              num(x.meanCompletionSeconds() / 60, 1),
              pct(x.usefulUtilization())));
    }
    html.table(AUTOSCALE_HEADER, rows);
  }

  private void sweep(List<SweepRow> rows) throws IOException {
    html.h(
        2,
        "The same comparison over "
            + rows.stream().mapToLong(SweepRow::seed).max().orElse(0)
            + " other seeds");
    List<List<String>> table = new ArrayList<>();
    for (SweepRow row : rows) {
      RunResult x = row.result();
      table.add(
          List.of(
              Long.toString(row.seed()),
              x.contender(),
              x.completed() + "/" + x.apps(),
              Integer.toString(x.deadlocked()),
              Integer.toString(x.stuck()),
              num(x.driverCoreHoursWaiting(), 1),
              num(x.meanCompletionSeconds() / 60, 1),
              pct(x.usefulUtilization())));
    }
    html.p(Summary.sweepSentence(rows));
    html.table(SWEEP_HEADER, table);
    img(
        charts.perSeed(
            "sweep-completed.png",
            "Applications completed per seed",
            "applications",
            rows,
            RunResult::completed));
    img(
        charts.perSeed(
            "sweep-utilization.png",
            "Useful CPU utilization per seed",
            "share of capacity",
            rows,
            RunResult::usefulUtilization));
  }

  private void sparkRule(Results r) throws IOException {
    html.h(2, "With Spark's own start rule, seed " + r.main().seed())
        .p(
            "Above, a job starts only when all its minimum executors run, so a partial gang never"
                + " progresses (the worst case for pod-by-pod scheduling, and the rule the"
                + " deadlock analyses assume). Spark itself starts tasks once 80 % of the"
                + " executors registered, or 30 s after it asked for them with at least one, and"
                + " runs at the rate of the executors it has. Under that rule a partial gang"
                + " makes slow progress instead of none:");
    html.table(FIXED_HEADER, r.sparkRule().stream().map(ReportPage::fixedRow).toList());
    img(charts.completionCdf("spark-rule-completion-cdf.png", r.sparkRule()));
    if (!r.sparkRuleSweep().isEmpty()) {
      html.p(Summary.sweepSentence(r.sparkRuleSweep()));
      img(
          charts.perSeed(
              "spark-rule-sweep-completion.png",
              "Mean completion time per seed, Spark's start rule",
              "minutes",
              r.sparkRuleSweep(),
              x -> x.meanCompletionSeconds() / 60));
    }
  }

  private void protocolLatency(List<ProtocolScaling.Point> points) throws IOException {
    html.h(2, "Extender latency vs cluster size, per verb")
        .raw(
            "<p>Not simulated: measured by <code>"
                + PROTOCOL_COMMAND
                + "</code> against a running Muster whose cluster view comes from a local API server"
                + " with that many nodes (results in <code>protocol-muster.jsonl</code>, details in"
                + " <code>protocol-muster.md</code>). One pod at a time as kube-scheduler sends"
                + " them; p99 solid, p50 dashed.</p>");
    img(charts.latencyByNodes("latency-vs-nodes.png", ProtocolScaling.series(points)));
    List<Integer> sizes = ProtocolScaling.sizes(points);
    List<String> header = new ArrayList<>(List.of("verb"));
    sizes.forEach(
        n -> header.add(String.format(java.util.Locale.ROOT, "%,d nodes: p50 / p99 ms", n)));
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (ProtocolScaling.Point p : points) {
      String verb = p.verb() + (p.nodeCacheCapable() ? "" : " (no cache)");
      List<String> row =
          rows.computeIfAbsent(
              verb,
              v -> {
                List<String> cells = new ArrayList<>(List.of(v));
                sizes.forEach(n -> cells.add("—"));
                return cells;
              });
      row.set(1 + sizes.indexOf(p.nodes()), num(p.p50(), 1) + " / " + num(p.p99(), 1));
    }
    html.table(header, List.copyOf(rows.values()));
  }

  static final String PROTOCOL_COMMAND = "loadtest/run-protocol.sh muster";

  private void throughput(List<List<String>> rows) {
    html.h(2, "Real kube-scheduler throughput, with and without extenders")
        .raw(
            "<p>Not simulated: measured by <code>"
                + THROUGHPUT_COMMAND
                + "</code> (results in <code>throughput.jsonl</code>, details in"
                + " <code>throughput.md</code>): 1,000 nodes, 50 Spark applications of 1 driver + 19"
                + " executors, kube-scheduler v1.36.3 with (a) no extender, (b) a pass-through"
                + " extender, (c) an extender whose filter keeps one node, (d) Muster; configurations"
                + " interleaved round by round, medians. The goal is d ≥ 0.9 × c.</p>");
    img("throughput.png");
    html.table(ThroughputSummary.HEADER, rows);
  }

  static final String THROUGHPUT_COMMAND = "loadtest/run-throughput.sh";

  static String describe(Trace t) {
    List<AppSpec> apps = t.apps();
    long large = apps.stream().filter(a -> a.maxExecutors() >= 25).count();
    long dyn = apps.stream().filter(AppSpec::dynamicAllocation).count();
    long shuffle = apps.stream().filter(AppSpec::shuffleHeavy).count();
    int maxGang = apps.stream().mapToInt(AppSpec::maxExecutors).max().orElse(0);
    double span = apps.isEmpty() ? 0 : apps.get(apps.size() - 1).arrivalSeconds() / 3600.0;
    return String.format(
        java.util.Locale.ROOT,
        "%d nodes of %d cores in %d zones; %d applications arriving over %.1f h (%d large, up to"
            + " %d executors; %d with dynamic allocation; %d shuffle-heavy).",
        t.cluster().nodes(),
        t.cluster().nodeAllocatable().milliCpu() / 1000,
        t.cluster().zones(),
        apps.size(),
        span,
        large,
        maxGang,
        dyn,
        shuffle);
  }

  private static List<String> fixedRow(RunResult x) {
    return List.of(
        x.contender(),
        x.completed() + "/" + x.apps(),
        Integer.toString(x.deadlocked()),
        Integer.toString(x.neverStarted()),
        Integer.toString(x.stuck()),
        num(x.driverCoreHoursWaiting(), 1),
        num(x.executorCoreHoursIdle(), 1),
        num(x.meanCompletionSeconds() / 60, 1),
        num(x.p95CompletionSeconds() / 60, 1),
        x.makespanSeconds() < 0 ? "—" : num(x.makespanSeconds() / 3600, 2),
        pct(x.usefulUtilization()),
        pct(x.allocatedUtilization()),
        num(x.meanNodesPerApp(), 1),
        pct(x.meanCrossZoneShare()),
        pct(x.meanCrossZoneShareShuffleHeavy()));
  }

  private static Map<String, ToDoubleFunction<RunResult>> metrics(
      String a, ToDoubleFunction<RunResult> fa, String b, ToDoubleFunction<RunResult> fb) {
    Map<String, ToDoubleFunction<RunResult>> m = new LinkedHashMap<>();
    m.put(a, fa);
    m.put(b, fb);
    return m;
  }

  private void img(String file) {
    html.img(file, file);
  }

  private static final List<String> FIXED_HEADER =
      List.of(
          "contender",
          "completed",
          "driver up, executors never",
          "never started",
          "driver waited ≥ 5 min",
          "driver core-h waiting",
          "executor core-h idle",
          "mean completion (min)",
          "p95 completion (min)",
          "makespan (h)",
          "useful CPU",
          "allocated CPU",
          "nodes per app",
          "cross-zone executors",
          "cross-zone (shuffle-heavy)");

  private static final List<String> AUTOSCALE_HEADER =
      List.of(
          "contender",
          "completed",
          "scale-ups",
          "nodes added",
          "peak nodes",
          "scale-ups per scaled app",
          "apps scaled ≥ 2×",
          "driver waited ≥ 5 min",
          "mean completion (min)",
          "useful CPU");

  private static final List<String> SWEEP_HEADER =
      List.of(
          "seed",
          "contender",
          "completed",
          "driver up, executors never",
          "driver waited ≥ 5 min",
          "driver core-h waiting",
          "mean completion (min)",
          "useful CPU");

  private static final String CSS =
      "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
          + "table{border-collapse:collapse;font-size:13px;margin:1em 0}"
          + "th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}"
          + "th{background:#f3f3f3}td:first-child,td:nth-child(2){text-align:left}"
          + "img{max-width:100%}code{background:#f3f3f3;padding:1px 3px}";
}
