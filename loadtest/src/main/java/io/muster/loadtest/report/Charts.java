package io.muster.loadtest.report;

import io.muster.loadtest.sim.AppOutcome;
import io.muster.loadtest.sim.RunResult;
import io.muster.loadtest.sim.UsageSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Renders the report's PNG charts with XChart (headless AWT). */
final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;

  private final Path dir;

  Charts(Path dir) {
    this.dir = dir;
  }

  /** One bar per run for each named metric. */
  String bars(
      String file,
      String title,
      String yTitle,
      List<RunResult> runs,
      Map<String, ToDoubleFunction<RunResult>> metrics)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .build();
    style(chart);
    chart.getStyler().setXAxisLabelRotation(20);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsRotation(0);
    chart.getStyler().setLegendVisible(metrics.size() > 1);
    List<String> names = runs.stream().map(r -> label(r.contender())).toList();
    metrics.forEach(
        (series, metric) ->
            chart.addSeries(
                series,
                names,
                runs.stream().map(r -> (Number) rounded(metric.applyAsDouble(r))).toList()));
    return save(chart, file);
  }

  /** Completion-time CDF per run, over completed applications (minutes). */
  String completionCdf(String file, List<RunResult> runs) throws IOException {
    XYChart chart = xy("Completion time (arrival → done), completed applications", "minutes");
    chart.setYAxisTitle("% of all applications");
    for (RunResult r : runs) {
      double[] minutes =
          r.outcomes().stream()
              .filter(AppOutcome::completed)
              .mapToDouble(o -> o.completionSeconds() / 60)
              .sorted()
              .toArray();
      if (minutes.length == 0) {
        continue;
      }
      double[] share = new double[minutes.length];
      for (int i = 0; i < minutes.length; i++) {
        share[i] = 100 * (i + 1.0) / r.apps();
      }
      chart.addSeries(label(r.contender()), minutes, share).setMarker(SeriesMarkers.NONE);
    }
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0).setYAxisDecimalPattern("#");
    return save(chart, file);
  }

  /** A sampled level over time (hours) per run. */
  String timeline(
      String file,
      String title,
      String yTitle,
      List<RunResult> runs,
      ToDoubleFunction<UsageSample> level)
      throws IOException {
    XYChart chart = xy(title, "hours since the first arrival");
    chart.setYAxisTitle(yTitle);
    for (RunResult r : runs) {
      double[] hours = r.samples().stream().mapToDouble(s -> s.atSeconds() / 3600).toArray();
      double[] values = r.samples().stream().mapToDouble(level).toArray();
      if (hours.length > 0) {
        chart.addSeries(label(r.contender()), hours, values).setMarker(SeriesMarkers.NONE);
      }
    }
    return save(chart, file);
  }

  /** Bars per seed, one series per contender. */
  String perSeed(
      String file,
      String title,
      String yTitle,
      List<Experiments.SweepRow> rows,
      ToDoubleFunction<RunResult> metric)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .build();
    style(chart);
    chart.getStyler().setXAxisTitleVisible(true);
    chart.setXAxisTitle("seed");
    Map<String, double[]> series = new LinkedHashMap<>();
    long[] seeds = rows.stream().mapToLong(Experiments.SweepRow::seed).distinct().toArray();
    for (Experiments.SweepRow row : rows) {
      double[] values =
          series.computeIfAbsent(label(row.result().contender()), k -> new double[seeds.length]);
      values[Arrays.binarySearch(seeds, row.seed())] = metric.applyAsDouble(row.result());
    }
    List<String> labels = Arrays.stream(seeds).mapToObj(Long::toString).toList();
    series.forEach(
        (name, values) ->
            chart.addSeries(
                name, labels, Arrays.stream(values).map(Charts::rounded).boxed().toList()));
    return save(chart, file);
  }

  /**
   * Latency vs cluster size: per verb one colour, p99 solid and p50 dashed. The measured sizes are
   * evenly spaced categories (100, 1,000, 5,000) and the latency axis is logarithmic (a millisecond
   * to hundreds of them).
   */
  String latencyByNodes(String file, List<ProtocolScaling.Series> series) throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT + 60)
            .title("Extender latency vs cluster size, per verb (Muster)")
            .xAxisTitle("nodes in the cluster")
            .yAxisTitle("ms (HTTP round trip on 127.0.0.1)")
            .build();
    style(chart);
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
    chart.getStyler().setOverlapped(true); // every series' point at its size, not side by side
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    List<String> verbs = series.stream().map(ProtocolScaling.Series::verb).distinct().toList();
    List<Integer> sizes =
        series.stream().flatMap(s -> s.nodes().stream()).distinct().sorted().toList();
    List<String> labels =
        sizes.stream().map(n -> String.format(java.util.Locale.ROOT, "%,d", n)).toList();
    for (ProtocolScaling.Series s : series) {
      // A size this verb was not measured at is a gap (null), not a zero.
      List<Double> values =
          sizes.stream()
              .map(n -> s.nodes().contains(n) ? s.ms().get(s.nodes().indexOf(n)) : null)
              .toList();
      CategorySeries line = chart.addSeries(s.name(), labels, values);
      java.awt.Color colour = PALETTE[verbs.indexOf(s.verb()) % PALETTE.length];
      line.setLineColor(colour);
      line.setMarkerColor(colour);
      boolean tail = s.percentile().equals("p99");
      line.setLineStyle(tail ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
      line.setMarker(tail ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
    }
    return save(chart, file);
  }

  private static final java.awt.Color[] PALETTE = {
    new java.awt.Color(0x1f77b4),
    new java.awt.Color(0xd62728),
    new java.awt.Color(0x2ca02c),
    new java.awt.Color(0x9467bd),
    new java.awt.Color(0xff7f0e),
    new java.awt.Color(0x8c564b)
  };

  private static XYChart xy(String title, String xTitle) {
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).build();
    style(chart);
    return chart;
  }

  private static void style(Chart<?, ?> chart) {
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
  }

  private static double rounded(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Short chart label of a contender: "muster strict-fifo tightly-pack" → "fifo tight". */
  static String label(String contender) {
    return contender
        .replace("muster ", "")
        .replace("strict-fifo", "fifo")
        .replace("tightly-pack", "tight")
        .replace("distribute-evenly", "even")
        .replace("minimal-fragmentation", "min-frag")
        .replace("single-zone", "zone");
  }

  private String save(Chart<?, ?> chart, String file) throws IOException {
    BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
