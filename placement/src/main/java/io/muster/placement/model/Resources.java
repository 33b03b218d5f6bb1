package io.muster.placement.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of node room: milli-CPU, memory bytes, pod count and extended resources (for example
 * {@code nvidia.com/gpu}). Every amount is non-negative; extended resources with amount zero are
 * dropped so that equal room always compares equal.
 */
public record Resources(long milliCpu, long memoryBytes, long pods, Map<String, Long> extended) {
  public static final Resources ZERO = new Resources(0, 0, 0, Map.of());

  public Resources {
    Checks.requireArgument(
        milliCpu >= 0 && memoryBytes >= 0 && pods >= 0,
        "negative resources: cpu=%sm memory=%s pods=%s",
        milliCpu,
        memoryBytes,
        pods);
    TreeMap<String, Long> copy = new TreeMap<>();
    extended.forEach(
        (name, amount) -> {
          Checks.requireArgument(amount >= 0, "negative extended resource %s=%s", name, amount);
          if (amount > 0) {
            copy.put(name, amount);
          }
        });
    extended = java.util.Collections.unmodifiableSortedMap(copy);
  }

  /** Room of one pod: CPU and memory plus one pod slot. */
  public static Resources pod(long milliCpu, long memoryBytes) {
    return new Resources(milliCpu, memoryBytes, 1, Map.of());
  }

  public static Resources of(long milliCpu, long memoryBytes, long pods) {
    return new Resources(milliCpu, memoryBytes, pods, Map.of());
  }

  public Resources withExtended(String name, long amount) {
    TreeMap<String, Long> copy = new TreeMap<>(extended);
    copy.put(name, amount);
    return new Resources(milliCpu, memoryBytes, pods, copy);
  }

  public long extended(String name) {
    return extended.getOrDefault(name, 0L);
  }

  public Resources plus(Resources o) {
    TreeMap<String, Long> sum = new TreeMap<>(extended);
    o.extended.forEach((k, v) -> sum.merge(k, v, Math::addExact));
    return new Resources(
        Math.addExact(milliCpu, o.milliCpu),
        Math.addExact(memoryBytes, o.memoryBytes),
        Math.addExact(pods, o.pods),
        sum);
  }

  /** This minus {@code o}, clamped at zero per dimension (room cannot go negative). */
  public Resources minusClamped(Resources o) {
    TreeMap<String, Long> diff = new TreeMap<>(extended);
    o.extended.forEach((k, v) -> diff.put(k, Math.max(0, diff.getOrDefault(k, 0L) - v)));
    return new Resources(
        Math.max(0, milliCpu - o.milliCpu),
        Math.max(0, memoryBytes - o.memoryBytes),
        Math.max(0, pods - o.pods),
        diff);
  }

  public Resources times(long n) {
    Checks.requireArgument(n >= 0, "negative multiplier %s", n);
    TreeMap<String, Long> scaled = new TreeMap<>();
    extended.forEach((k, v) -> scaled.put(k, Math.multiplyExact(v, n)));
    return new Resources(
        Math.multiplyExact(milliCpu, n),
        Math.multiplyExact(memoryBytes, n),
        Math.multiplyExact(pods, n),
        scaled);
  }

  /** True when every dimension of this demand fits in {@code free}. */
  public boolean fitsIn(Resources free) {
    if (milliCpu > free.milliCpu || memoryBytes > free.memoryBytes || pods > free.pods) {
      return false;
    }
    for (Map.Entry<String, Long> e : extended.entrySet()) {
      if (e.getValue() > free.extended(e.getKey())) {
        return false;
      }
    }
    return true;
  }

  public boolean isZero() {
    return milliCpu == 0 && memoryBytes == 0 && pods == 0 && extended.isEmpty();
  }

  /** Human form used in reasons, e.g. {@code 41 CPU / 164 GiB}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(CpuText.of(milliCpu)).append(" CPU / ").append(MemoryText.of(memoryBytes));
    extended.forEach((k, v) -> sb.append(" / ").append(v).append(' ').append(k));
    return sb.toString();
  }

  private static final class CpuText {
    static String of(long milli) {
      return milli % 1000 == 0
          ? Long.toString(milli / 1000)
          : String.format(java.util.Locale.ROOT, "%.1f", milli / 1000.0);
    }
  }

  private static final class MemoryText {
    static String of(long bytes) {
      double gib = bytes / (1024.0 * 1024 * 1024);
      if (gib >= 1) {
        return gib == Math.rint(gib)
            ? String.format(java.util.Locale.ROOT, "%d GiB", (long) gib)
            : String.format(java.util.Locale.ROOT, "%.1f GiB", gib);
      }
      return String.format(java.util.Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
    }
  }
}
