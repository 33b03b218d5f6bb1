package io.muster.loadtest.trace;

import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text form of a {@link Trace}: one record per line, {@code key=value} fields, {@code #}
 * comments. Times are seconds, CPU millicores and memory MiB, so a person can write a tiny trace by
 * hand:
 *
 * <pre>
 * seed 0
 * cluster nodes=2 zones=1 cpu=10000 memoryMiB=40960 pods=110
 * app id=a arrival=0 driverCpu=1000 driverMemoryMiB=1024 executorCpu=1000 executorMemoryMiB=1024 executors=11 duration=600
 * </pre>
 *
 * {@code executors=n} is short for {@code minExecutors=n maxExecutors=n}; {@code shuffle} is {@code
 * heavy} or {@code light} (default light).
 */
public final class TraceFormat {
  private static final long MIB = 1024L * 1024;
  private static final Set<String> CLUSTER_KEYS =
      Set.of("nodes", "zones", "cpu", "memoryMiB", "pods");
  private static final Set<String> APP_KEYS =
      Set.of(
          "id",
          "arrival",
          "driverCpu",
          "driverMemoryMiB",
          "executorCpu",
          "executorMemoryMiB",
          "executors",
          "minExecutors",
          "maxExecutors",
          "duration",
          "shuffle");

  private TraceFormat() {}

  public static String write(Trace trace) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Muster simulator trace: times in seconds, cpu in millicores, memory in MiB\n");
    sb.append("seed ").append(trace.seed()).append('\n');
    ClusterShape c = trace.cluster();
    Resources n = c.nodeAllocatable();
    sb.append(
        String.format(
            Locale.ROOT,
            "cluster nodes=%d zones=%d cpu=%d memoryMiB=%d pods=%d%n",
            c.nodes(),
            c.zones(),
            n.milliCpu(),
            n.memoryBytes() / MIB,
            n.pods()));
    for (AppSpec a : trace.apps()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "app id=%s arrival=%d driverCpu=%d driverMemoryMiB=%d executorCpu=%d"
                  + " executorMemoryMiB=%d minExecutors=%d maxExecutors=%d duration=%d shuffle=%s%n",
              a.id(),
              a.arrivalSeconds(),
              a.driver().milliCpu(),
              a.driver().memoryBytes() / MIB,
              a.executor().milliCpu(),
              a.executor().memoryBytes() / MIB,
              a.minExecutors(),
              a.maxExecutors(),
              a.durationSeconds(),
              a.shuffleHeavy() ? "heavy" : "light"));
    }
    return sb.toString();
  }

  /** Parses a trace; a malformed line fails with its line number and what is wrong. */
  public static Trace read(String text) {
    Long seed = null;
    ClusterShape cluster = null;
    List<AppSpec> apps = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int lineNo = i + 1;
      try {
        String[] words = line.split("\\s+");
        switch (words[0]) {
          case "seed" -> {
            require(words.length == 2, "seed takes one number");
            seed = Long.parseLong(words[1]);
          }
          case "cluster" -> cluster = cluster(fields(words, CLUSTER_KEYS));
          case "app" -> apps.add(app(fields(words, APP_KEYS)));
          default -> throw new IllegalArgumentException("unknown record " + words[0]);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("trace line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    require(cluster != null, "trace has no cluster line");
    return new Trace(seed == null ? 0 : seed, cluster, apps);
  }

  private static ClusterShape cluster(Map<String, String> f) {
    return new ClusterShape(
        (int) number(f, "nodes"),
        (int) number(f, "zones"),
        Resources.of(number(f, "cpu"), number(f, "memoryMiB") * MIB, number(f, "pods")));
  }

  private static AppSpec app(Map<String, String> f) {
    int min;
    int max;
    if (f.containsKey("executors")) {
      require(
          !f.containsKey("minExecutors") && !f.containsKey("maxExecutors"),
          "executors excludes minExecutors/maxExecutors");
      min = (int) number(f, "executors");
      max = min;
    } else {
      min = (int) number(f, "minExecutors");
      max = (int) number(f, "maxExecutors");
    }
    String shuffle = f.getOrDefault("shuffle", "light");
    require(shuffle.equals("heavy") || shuffle.equals("light"), "shuffle is heavy or light");
    require(f.containsKey("id"), "missing id");
    return new AppSpec(
        f.get("id"),
        number(f, "arrival"),
        Resources.pod(number(f, "driverCpu"), number(f, "driverMemoryMiB") * MIB),
        Resources.pod(number(f, "executorCpu"), number(f, "executorMemoryMiB") * MIB),
        min,
        max,
        number(f, "duration"),
        shuffle.equals("heavy"));
  }

  private static Map<String, String> fields(String[] words, Set<String> known) {
    Map<String, String> f = new LinkedHashMap<>();
    for (int w = 1; w < words.length; w++) {
      int eq = words[w].indexOf('=');
      require(eq > 0, "expected key=value, got " + words[w]);
      String key = words[w].substring(0, eq);
      require(known.contains(key), "unknown key " + key);
      require(f.put(key, words[w].substring(eq + 1)) == null, "duplicate key " + key);
    }
    return f;
  }

  private static long number(Map<String, String> f, String key) {
    String v = f.get(key);
    require(v != null, "missing " + key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not an integer: " + v, e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
