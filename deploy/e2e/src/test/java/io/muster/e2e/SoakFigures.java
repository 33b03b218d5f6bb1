package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The soak's figures: what the churn did, what the checker saw, how the heap moved. Printed,
 * written to {@code deploy/e2e/target/soak-<seconds>s.txt} and put in {@link ScenarioTimings}.
 */
final class SoakFigures {
  /** Live heap may grow by this fraction of the post-warm-up figure, or by the floor below. */
  static final double HEAP_GROWTH_FRACTION = 0.25;

  static final long HEAP_GROWTH_FLOOR_BYTES = 16L * 1024 * 1024;

  private final long seconds;
  private final long seed;
  private final List<SoakApp> apps;
  private final int podsBound;
  private final SoakInvariants invariants;
  private final HeapProbe heap;
  private final long warmupEnd;
  private final OptionalLong liveAfterCleanup;
  private final long releasedMs;
  private final int delayedArrivals;
  private final long logLines;
  private final List<String> logFindings;

  SoakFigures(
      long seconds,
      long seed,
      List<SoakApp> apps,
      int podsBound,
      SoakInvariants invariants,
      HeapProbe heap,
      long warmupEnd,
      OptionalLong liveAfterCleanup,
      long releasedMs,
      int delayedArrivals,
      long logLines,
      List<String> logFindings) {
    this.seconds = seconds;
    this.seed = seed;
    this.apps = apps;
    this.podsBound = podsBound;
    this.invariants = invariants;
    this.heap = heap;
    this.warmupEnd = warmupEnd;
    this.liveAfterCleanup = liveAfterCleanup;
    this.releasedMs = releasedMs;
    this.delayedArrivals = delayedArrivals;
    this.logLines = logLines;
    this.logFindings = logFindings;
  }

  int completed() {
    return SoakE2E.outcomes(apps).getOrDefault(SoakApp.Outcome.COMPLETED, 0);
  }

  void record() {
    String tag = "soak " + seconds + "s";
    List<Long> full = sorted(apps.stream().map(SoakApp::createdToFullMs));
    List<Long> queued = sorted(apps.stream().map(SoakApp::queuedMs));
    List<Long> fill = sorted(apps.stream().map(SoakApp::boundToFullMs));
    if (!fill.isEmpty()) {
      ScenarioTimings.record(
          tag + ": p50 driver bound->min gang bound",
          pct(fill, 50),
          String.format(
              Locale.ROOT,
              "p95 %d ms, max %d ms (executors in batches)",
              pct(fill, 95),
              pct(fill, 100)));
    }
    if (!full.isEmpty()) {
      ScenarioTimings.record(
          tag + ": p50 created->min gang bound",
          pct(full, 50),
          String.format(
              Locale.ROOT,
              "p95 %d ms, max %d ms, %d apps",
              pct(full, 95),
              pct(full, 100),
              full.size()));
    }
    ScenarioTimings.note(tag + ": churn", churn(queued));
    ScenarioTimings.note(tag + ": invariants", checks());
    ScenarioTimings.note(tag + ": heap", heapLine());
    String report = report(full, queued);
    System.out.println(report);
    SoakE2E.write(
        Path.of(
            System.getProperty("muster.repo", "../.."),
            "deploy/e2e/target/soak-" + seconds + "s.txt"),
        report);
  }

  private String churn(List<Long> queued) {
    int lost = apps.stream().mapToInt(SoakApp::replaced).sum();
    return String.format(
        Locale.ROOT,
        "%d apps %s, %d pods bound, %d executors replaced, queue p50 %d ms max %d ms",
        apps.size(),
        SoakE2E.outcomes(apps),
        podsBound,
        lost,
        queued.isEmpty() ? 0 : pct(queued, 50),
        queued.isEmpty() ? 0 : pct(queued, 100));
  }

  private String checks() {
    return String.format(
        Locale.ROOT,
        "%d checks, %d passed, %d skipped, violations %s, sightings %s (longest run %s checks); %s",
        invariants.checks(),
        invariants.passed(),
        invariants.skipped(),
        invariants.counts(),
        invariants.observed(),
        invariants.longestStreak(),
        releasedMs < 0
            ? "LEDGER NOT EMPTY after all apps were deleted"
            : "ledger empty " + releasedMs + " ms after all apps were deleted");
  }

  private String heapLine() {
    List<HeapProbe.Sample> live = heap.live();
    List<HeapProbe.Sample> envelope = HeapProbe.lowerEnvelope(heap.passive(), warmupEnd, 6);
    return String.format(
        Locale.ROOT,
        "live after GC %s MiB (slope %.2f MiB/min); lower envelope %s MiB (slope %.2f MiB/min)",
        live.stream().map(s -> Long.toString(SoakE2E.mib(s.bytes()))).toList(),
        HeapProbe.slopeMiBPerMinute(live),
        envelope.stream().map(s -> Long.toString(SoakE2E.mib(s.bytes()))).toList(),
        HeapProbe.slopeMiBPerMinute(envelope));
  }

  private String report(List<Long> full, List<Long> queued) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%n=== Muster soak: %d s, seed %d ===%n", seconds, seed));
    sb.append("churn:      ").append(churn(queued)).append('\n');
    sb.append("            arrivals delayed by the app/pod bound: ")
        .append(delayedArrivals)
        .append('\n');
    if (!full.isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "gang:       created -> min executors bound p50 %d ms, p95 %d ms, max %d ms (%d apps)%n",
              pct(full, 50),
              pct(full, 95),
              pct(full, 100),
              full.size()));
    }
    List<Long> fill = sorted(apps.stream().map(SoakApp::boundToFullMs));
    if (!fill.isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "            driver bound -> min executors bound p50 %d ms, p95 %d ms, max %d ms%n",
              pct(fill, 50),
              pct(fill, 95),
              pct(fill, 100)));
    }
    sb.append("invariants: ").append(checks()).append('\n');
    invariants.samples().forEach(s -> sb.append("            ").append(s).append('\n'));
    invariants
        .observedSamples()
        .forEach(s -> sb.append("            sighting: ").append(s).append('\n'));
    if (!invariants.lastSkip().isEmpty()) {
      sb.append("            last skipped read: ").append(invariants.lastSkip()).append('\n');
    }
    sb.append("heap:       ").append(heapLine()).append('\n');
    liveAfterCleanup.ifPresent(
        b ->
            sb.append("            live after clean-up: ").append(SoakE2E.mib(b)).append(" MiB\n"));
    if (!heap.gcProblem().isEmpty()) {
      sb.append("            forced GC unavailable: ").append(heap.gcProblem()).append('\n');
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "log:        %d extender log lines scanned, %d findings %s%n",
            logLines,
            logFindings.size(),
            logFindings.stream().limit(5).toList()));
    for (SoakApp a : apps) {
      if (a.outcome() == SoakApp.Outcome.FAILED) {
        sb.append("failed:     ").append(a.plan).append(": ").append(a.error()).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The live heap (after a forced full GC) at the end, all applications gone, is within {@code
   * HEAP_GROWTH_FRACTION} (or the floor) of the live heap after the warm-up under load. Without
   * jcmd, the passive lower envelope's last window against its first, with twice the allowance.
   */
  void assertHeapFlat() {
    List<HeapProbe.Sample> live = heap.live();
    if (live.size() >= 2 && liveAfterCleanup.isPresent()) {
      long base = live.get(0).bytes();
      long allowance = Math.max(HEAP_GROWTH_FLOOR_BYTES, (long) (base * HEAP_GROWTH_FRACTION));
      assertThat(liveAfterCleanup.getAsLong())
          .as("live heap after clean-up vs after warm-up (%s)", heapLine())
          .isLessThanOrEqualTo(base + allowance);
      return;
    }
    List<HeapProbe.Sample> envelope = HeapProbe.lowerEnvelope(heap.passive(), warmupEnd, 6);
    assertThat(envelope).as("heap samples after the warm-up").hasSizeGreaterThan(1);
    long base = envelope.get(0).bytes();
    long allowance = 2 * Math.max(HEAP_GROWTH_FLOOR_BYTES, (long) (base * HEAP_GROWTH_FRACTION));
    assertThat(envelope.get(envelope.size() - 1).bytes())
        .as("heap lower envelope, last window vs first (%s; %s)", heapLine(), heap.gcProblem())
        .isLessThanOrEqualTo(base + allowance);
  }

  private static List<Long> sorted(java.util.stream.Stream<OptionalLong> values) {
    return values.filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).sorted().toList();
  }

  /** Nearest-rank percentile of a sorted, non-empty list. */
  private static long pct(List<Long> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }
}
