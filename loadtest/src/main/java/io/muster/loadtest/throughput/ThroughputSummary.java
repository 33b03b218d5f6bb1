package io.muster.loadtest.throughput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The throughput results ({@code throughput.jsonl} of {@code run-throughput.sh}) as the rows of the
 * HTML report's table: one per configuration, medians over its rounds and the ratios to runs (a)
 * and (c) of the same file.
 */
public final class ThroughputSummary {
  public static final List<String> HEADER =
      List.of(
          "configuration",
          "rounds",
          "all apps bound",
          "pods/s (median)",
          "× a",
          "× c",
          "API server CPU s",
          "kube-scheduler CPU s",
          "kube-scheduler cycle ms/pod (Filter)",
          "extender CPU s (JIT)");

  private ThroughputSummary() {}

  /** Table rows from the JSON lines of a throughput run; blank lines are skipped. */
  public static List<List<String>> rows(List<String> jsonLines) {
    Map<String, List<ThroughputResult>> byConfig = new LinkedHashMap<>();
    jsonLines.stream()
        .filter(l -> !l.isBlank())
        .map(ThroughputResult::fromJson)
        .sorted(Comparator.comparing(ThroughputResult::config))
        .forEach(r -> byConfig.computeIfAbsent(r.config(), k -> new ArrayList<>()).add(r));
    double a = medianRate(byConfig.get("a"));
    double c = medianRate(byConfig.get("c"));
    List<List<String>> rows = new ArrayList<>();
    byConfig.forEach(
        (config, runs) -> {
          double rate = medianRate(runs);
          boolean extender = runs.stream().anyMatch(r -> r.cpu("extender") > 0);
          rows.add(
              List.of(
                  config + " " + ThroughputReport.CONFIGS.getOrDefault(config, config),
                  String.valueOf(runs.size()),
                  runs.stream().allMatch(ThroughputResult::complete) ? "yes" : "no",
                  num(rate, 1),
                  Double.isNaN(a) ? "—" : num(rate / a, 2),
                  Double.isNaN(c) ? "—" : num(rate / c, 2),
                  num(ThroughputReport.median(runs, r -> r.cpu("apiserver")), 2),
                  num(ThroughputReport.median(runs, r -> r.cpu("scheduler")), 2),
                  ThroughputReport.cycle(runs),
                  extender
                      ? num(ThroughputReport.median(runs, r -> r.cpu("extender")), 2)
                          + " ("
                          + num(ThroughputReport.median(runs, r -> r.cpu("extender.jit")), 2)
                          + ")"
                      : "—"));
        });
    return rows;
  }

  private static double medianRate(List<ThroughputResult> runs) {
    return runs == null || runs.isEmpty()
        ? Double.NaN
        : ThroughputReport.median(runs, ThroughputResult::podsPerSecond);
  }

  private static String num(double v, int decimals) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
