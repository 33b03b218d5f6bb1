package io.muster.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results lines, medians and the markdown report of the throughput benchmark. */
class ThroughputResultTest {
  private static ThroughputResult run(String config, int round, double seconds, double apiCpu) {
    return withCycle(config, round, seconds, apiCpu, Double.NaN, Double.NaN);
  }

  private static ThroughputResult withCycle(
      String config, int round, double seconds, double apiCpu, double cycleMs, double filterMs) {
    return result(config, round, seconds, Map.of("apiserver", apiCpu), cycleMs, filterMs);
  }

  /** A complete run of 50 apps / 1,000 pods; waits 1, 2, 3, 4 ms; load 2.5. */
  static ThroughputResult result(
      String config,
      int round,
      double seconds,
      Map<String, Double> cpu,
      double cycleMs,
      double filterMs) {
    return new ThroughputResult(
        config, round, 50, 1000, 1000, 50, seconds, 1, 2, 3, 4, cpu, 2.5, cycleMs, filterMs);
  }

  @Test
  void aResultLineRoundTrips() {
    ThroughputResult r = run("d", 2, 12.5, 3.25);

    ThroughputResult back = ThroughputResult.fromJson(r.toJson());

    assertThat(back).isEqualTo(r);
    assertThat(back.podsPerSecond()).isEqualTo(80.0);
    assertThat(back.complete()).isTrue();
    assertThat(back.cpu("extender")).isNaN();
  }

  @Test
  void theSchedulerCycleRoundTripsAndAnOlderLineWithoutItReadsAsNotMeasured() {
    ThroughputResult r = withCycle("d", 1, 10, 3, 8.25, 2.5);

    assertThat(ThroughputResult.fromJson(r.toJson())).isEqualTo(r);
    assertThat(ThroughputResult.fromJson(run("c", 1, 10, 3).toJson()).schedulerCycleMs()).isNaN();
    String older =
        r.toJson()
            .replace(",\"schedulerCycleMs\":8.25", "")
            .replace(",\"schedulerFilterPluginsMs\":2.5", "");
    assertThat(older).doesNotContain("schedulerCycleMs");
    assertThat(ThroughputResult.fromJson(older).schedulerCycleMs()).isNaN();
    assertThat(ThroughputResult.fromJson(older).schedulerFilterPluginsMs()).isNaN();
  }

  @Test
  void theReportShowsTheMedianCycleOfTheRunsThatReadIt() {
    Map<String, List<ThroughputResult>> byConfig =
        Map.of(
            "c", List.of(withCycle("c", 1, 5, 2, 7.5, 2.25), withCycle("c", 2, 5, 2, 8.5, 2.75)),
            "d", List.of(withCycle("d", 1, 10, 3, 9.0, 2.5), run("d", 2, 10, 3)));

    String md = ThroughputReport.markdown(new java.util.TreeMap<>(byConfig), "c", "test");

    assertThat(md).contains("| 8.00 (2.50) |").contains("| 9.00 (2.50) |").contains("| — |");
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(
            ThroughputReport.median(
                List.of(run("c", 1, 10, 1), run("c", 2, 20, 1), run("c", 3, 5, 1)),
                ThroughputResult::seconds))
        .isEqualTo(10.0);
    assertThat(
            ThroughputReport.median(
                List.of(run("c", 1, 10, 1), run("c", 2, 20, 1)), ThroughputResult::seconds))
        .isEqualTo(15.0);
  }

  @Test
  void reportGivesRatiosOfMedians() {
    Map<String, List<ThroughputResult>> byConfig =
        Map.of(
            "a", List.of(run("a", 1, 10, 2)),
            "c", List.of(run("c", 1, 5, 2)),
            "d", List.of(run("d", 1, 10, 3)));

    String md = ThroughputReport.markdown(new java.util.TreeMap<>(byConfig), "c", "test");

    assertThat(md).contains("**d / a = 1.00**").contains("**d / c = 0.50**");
    assertThat(md).contains("API server CPU, d / c = 1.50");
  }
}
