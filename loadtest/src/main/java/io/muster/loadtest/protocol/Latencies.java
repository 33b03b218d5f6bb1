package io.muster.loadtest.protocol;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Latency samples per extender verb, with nearest-rank percentiles. Not thread-safe. */
final class Latencies {
  enum Verb {
    FILTER,
    PRIORITIZE,
    BIND
  }

  /** Percentiles of one verb, in milliseconds. */
  record Summary(int count, int errors, double p50, double p95, double p99, double max) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "n=%d errors=%d p50=%.3f ms p95=%.3f ms p99=%.3f ms max=%.3f ms",
          count,
          errors,
          p50,
          p95,
          p99,
          max);
    }
  }

  private final Map<Verb, long[]> samples = new EnumMap<>(Verb.class);
  private final Map<Verb, Integer> counts = new EnumMap<>(Verb.class);
  private final Map<Verb, Integer> errors = new EnumMap<>(Verb.class);

  void record(Verb verb, long nanos, boolean error) {
    long[] s = samples.computeIfAbsent(verb, v -> new long[64]);
    int n = counts.getOrDefault(verb, 0);
    if (n == s.length) {
      s = Arrays.copyOf(s, n * 2);
      samples.put(verb, s);
    }
    s[n] = nanos;
    counts.put(verb, n + 1);
    if (error) {
      errors.merge(verb, 1, Integer::sum);
    }
  }

  Summary summary(Verb verb) {
    int n = counts.getOrDefault(verb, 0);
    long[] sorted = Arrays.copyOf(samples.getOrDefault(verb, new long[0]), n);
    Arrays.sort(sorted);
    return new Summary(
        n,
        errors.getOrDefault(verb, 0),
        millis(sorted, 0.50),
        millis(sorted, 0.95),
        millis(sorted, 0.99),
        n == 0 ? 0 : sorted[n - 1] / 1e6);
  }

  static double millis(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
