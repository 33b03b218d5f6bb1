package io.muster.loadtest.protocol;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Latency samples per extender verb and pod role, with nearest-rank percentiles. Not thread-safe.
 */
final class Latencies {
  enum Verb {
    FILTER,
    PRIORITIZE,
    BIND
  }

  /** Which pod a call was about: drivers (gang admission) and executors answer differently. */
  enum Role {
    DRIVER,
    EXECUTOR
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

  private final Map<Verb, Map<Role, Samples>> samples = new EnumMap<>(Verb.class);

  private static final class Samples {
    long[] nanos = new long[64];
    int count;
    int errors;

    void add(long n, boolean error) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = n;
      errors += error ? 1 : 0;
    }
  }

  void record(Verb verb, Role role, long nanos, boolean error) {
    samples
        .computeIfAbsent(verb, v -> new EnumMap<>(Role.class))
        .computeIfAbsent(role, r -> new Samples())
        .add(nanos, error);
  }

  /** Every call of {@code verb}, whatever the role. */
  Summary summary(Verb verb) {
    return summary(verb, Role.values());
  }

  Summary summary(Verb verb, Role... roles) {
    Map<Role, Samples> byRole = samples.getOrDefault(verb, Map.of());
    long[] all = new long[0];
    int errors = 0;
    for (Role r : roles) {
      Samples s = byRole.get(r);
      if (s != null) {
        int from = all.length;
        all = Arrays.copyOf(all, from + s.count);
        System.arraycopy(s.nanos, 0, all, from, s.count);
        errors += s.errors;
      }
    }
    Arrays.sort(all);
    int n = all.length;
    return new Summary(
        n,
        errors,
        millis(all, 0.50),
        millis(all, 0.95),
        millis(all, 0.99),
        n == 0 ? 0 : all[n - 1] / 1e6);
  }

  static double millis(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
