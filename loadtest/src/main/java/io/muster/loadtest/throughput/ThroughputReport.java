package io.muster.loadtest.throughput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns the results file of a throughput run into {@code throughput.md} (medians per configuration,
 * ratios, every round) and {@code throughput.png} (median pods/s per configuration, with each round
 * as its own series).
 */
final class ThroughputReport {
  /** Known configurations, in the order, with what each one is. */
  static final Map<String, String> CONFIGS =
      Map.of(
          "a", "no extender",
          "b", "pass-through extender",
          "c", "one-node extender",
          "d", "Muster",
          "e", "one-node, dropped nodes listed",
          "f", "Muster, alternative jar",
          "p", "Muster, plain HTTP");

  private ThroughputReport() {}

  static void write(Path results, Path outDir, String baseline, String title) throws IOException {
    List<ThroughputResult> all =
        Files.readAllLines(results, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .map(ThroughputResult::fromJson)
            .toList();
    Map<String, List<ThroughputResult>> byConfig = new LinkedHashMap<>();
    all.stream()
        .sorted(java.util.Comparator.comparing(ThroughputResult::config))
        .forEach(r -> byConfig.computeIfAbsent(r.config(), k -> new ArrayList<>()).add(r));
    Files.createDirectories(outDir);
    Files.writeString(
        outDir.resolve("throughput.md"),
        markdown(byConfig, baseline, title),
        StandardCharsets.UTF_8);
    chart(byConfig, outDir.resolve("throughput.png"));
  }

  static String markdown(
      Map<String, List<ThroughputResult>> byConfig, String baseline, String title) {
    StringBuilder md = new StringBuilder();
    md.append("# Real kube-scheduler throughput").append(title.isEmpty() ? "" : ": " + title);
    md.append("\n\n");
    md.append(
        "Medians over the rounds. pods/s = bound pods / (first pod created → last pod bound)."
            + " CPU = seconds used by the process from the first creation until 2 s after the"
            + " last binding (JIT / GC: the extender JVM's compiler and GC threads). Waits are pod"
            + " creation → pod seen bound. kube-scheduler's cycle = its own"
            + " `scheduling_algorithm_duration` per pod (queue pop → node chosen, extender calls"
            + " included; Filter = its in-tree Filter plugins over every node) over the same"
            + " window.\n\n");
    md.append(
        "| config | rounds | all apps bound | pods/s (median) | pods/s (each round) | API server CPU s |"
            + " kube-scheduler CPU s | kube-scheduler cycle ms/pod (Filter) | extender CPU s (JIT /"
            + " GC) | extender CPU ms/pod (without JIT) | etcd CPU s | driver wait p50/p99 ms |"
            + " executor wait p50/p99 ms |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    byConfig.forEach(
        (config, runs) -> {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s (%s) | %d | %s | **%.1f** | %s | %.2f | %.2f | %s | %s | %s | %.2f | %.0f / %.0f | %.0f / %.0f |%n",
                  config,
                  CONFIGS.getOrDefault(config, config),
                  runs.size(),
                  runs.stream().allMatch(ThroughputResult::complete)
                      ? "yes"
                      : "**no** ("
                          + runs.stream().filter(r -> !r.complete()).count()
                          + " incomplete)",
                  median(runs, ThroughputResult::podsPerSecond),
                  String.join(
                      ", ",
                      runs.stream()
                          .map(r -> String.format(Locale.ROOT, "%.0f", r.podsPerSecond()))
                          .toList()),
                  median(runs, r -> r.cpu("apiserver")),
                  median(runs, r -> r.cpu("scheduler")),
                  cycle(runs),
                  hasExtender(config)
                      ? fmt(median(runs, r -> r.cpu("extender")))
                          + " ("
                          + fmt(median(runs, r -> r.cpu("extender.jit")))
                          + " / "
                          + fmt(median(runs, r -> r.cpu("extender.gc")))
                          + ")"
                      : "—",
                  hasExtender(config)
                      ? fmt(median(runs, r -> 1000 * r.cpu("extender") / Math.max(1, r.bound())))
                          + " ("
                          + fmt(
                              median(
                                  runs,
                                  r ->
                                      1000
                                          * (r.cpu("extender") - r.cpu("extender.jit"))
                                          / Math.max(1, r.bound())))
                          + ")"
                      : "—",
                  median(runs, r -> r.cpu("etcd")),
                  median(runs, ThroughputResult::driverWaitP50Ms),
                  median(runs, ThroughputResult::driverWaitP99Ms),
                  median(runs, ThroughputResult::executorWaitP50Ms),
                  median(runs, ThroughputResult::executorWaitP99Ms)));
        });
    md.append('\n');
    List<ThroughputResult> d = byConfig.get("d");
    if (d != null) {
      double dMedian = median(d, ThroughputResult::podsPerSecond);
      for (String other : List.of("a", baseline)) {
        List<ThroughputResult> o = byConfig.get(other);
        if (o != null) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "- **d / %s = %.2f** (medians %.1f / %.1f pods/s)%n",
                  other,
                  dMedian / median(o, ThroughputResult::podsPerSecond),
                  dMedian,
                  median(o, ThroughputResult::podsPerSecond)));
        }
      }
      List<ThroughputResult> c = byConfig.get(baseline);
      if (c != null) {
        md.append(
            String.format(
                Locale.ROOT,
                "- API server CPU, d / %s = %.2f (medians %.2f / %.2f s)%n",
                baseline,
                median(d, r -> r.cpu("apiserver")) / median(c, r -> r.cpu("apiserver")),
                median(d, r -> r.cpu("apiserver")),
                median(c, r -> r.cpu("apiserver"))));
        md.append(
            String.format(
                Locale.ROOT,
                "- per-round d / %s: %s%n",
                baseline,
                String.join(", ", perRoundRatios(d, c))));
      }
    }
    md.append("\n## Every run\n\n");
    md.append(
        "| round | config | bound | apps complete | seconds | pods/s | API server CPU s |"
            + " scheduler CPU s | scheduler cycle ms/pod (Filter) | extender CPU s | etcd CPU s |"
            + " load average |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    byConfig.values().stream()
        .flatMap(List::stream)
        .sorted(
            java.util.Comparator.comparingInt(ThroughputResult::round)
                .thenComparing(ThroughputResult::config))
        .forEach(
            r ->
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| %d | %s | %d/%d | %d/%d | %.2f | %.1f | %.2f | %.2f | %s | %s | %.2f | %.1f |%n",
                        r.round(),
                        r.config(),
                        r.bound(),
                        r.pods(),
                        r.appsComplete(),
                        r.apps(),
                        r.seconds(),
                        r.podsPerSecond(),
                        r.cpu("apiserver"),
                        r.cpu("scheduler"),
                        cycle(List.of(r)),
                        hasExtender(r.config()) ? fmt(r.cpu("extender")) : "—",
                        r.cpu("etcd"),
                        r.loadAverage())));
    return md.toString();
  }

  private static List<String> perRoundRatios(List<ThroughputResult> d, List<ThroughputResult> c) {
    List<String> out = new ArrayList<>();
    for (ThroughputResult x : d) {
      c.stream()
          .filter(y -> y.round() == x.round())
          .findFirst()
          .ifPresent(
              y ->
                  out.add(
                      String.format(
                          Locale.ROOT,
                          "r%d %.2f",
                          x.round(),
                          x.podsPerSecond() / y.podsPerSecond())));
    }
    return out;
  }

  /** Median cycle and Filter time over the runs that read them, e.g. "7.61 (2.34)"; else "—". */
  static String cycle(List<ThroughputResult> runs) {
    List<ThroughputResult> read =
        runs.stream().filter(r -> !Double.isNaN(r.schedulerCycleMs())).toList();
    if (read.isEmpty()) {
      return "—";
    }
    return fmt(median(read, ThroughputResult::schedulerCycleMs))
        + " ("
        + fmt(median(read, ThroughputResult::schedulerFilterPluginsMs))
        + ")";
  }

  private static boolean hasExtender(String config) {
    return !"a".equals(config);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }

  static double median(List<ThroughputResult> runs, ToDoubleFunction<ThroughputResult> f) {
    double[] v = runs.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static void chart(Map<String, List<ThroughputResult>> byConfig, Path file)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
            .height(450)
            .title("kube-scheduler throughput, 1 driver + executors per application")
            .yAxisTitle("bound pods/s")
            .build();
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLabelsVisible(true);
    List<String> names =
        byConfig.keySet().stream().map(c -> c + ": " + CONFIGS.getOrDefault(c, c)).toList();
    chart.addSeries(
        "median",
        names,
        byConfig.values().stream()
            .map(runs -> (Number) Math.round(median(runs, ThroughputResult::podsPerSecond)))
            .toList());
    int rounds = byConfig.values().stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < rounds; i++) {
      int round = i;
      chart.addSeries(
          "round " + (i + 1),
          names,
          byConfig.values().stream()
              .map(
                  runs ->
                      (Number)
                          (round < runs.size() ? Math.round(runs.get(round).podsPerSecond()) : 0))
              .toList());
    }
    BitmapEncoder.saveBitmap(
        chart, file.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
  }
}
