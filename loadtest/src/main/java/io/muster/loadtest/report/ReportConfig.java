package io.muster.loadtest.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Report} simulates and where it writes: the seed of the main trace, its size (apps,
 * nodes, zones), the initial and largest cluster of the autoscaler scenario, how many seeds the
 * sweep covers, the trace and report directories, and the protocol results shown beside them.
 */
public record ReportConfig(
    long seed,
    int apps,
    int nodes,
    int zones,
    int autoscaleNodes,
    int autoscaleMaxNodes,
    int sweepSeeds,
    Path traces,
    Path out,
    Path protocol) {
  public static final String USAGE =
      "usage: Report [--seed 42] [--apps 200] [--nodes 48] [--zones 3] [--autoscale-nodes 24]"
          + " [--autoscale-max-nodes 96] [--sweep-seeds 8] [--traces loadtest/traces]"
          + " [--out loadtest/report] [--protocol loadtest/report/protocol-muster.jsonl]";

  /** Parses {@code --key value} pairs; every problem is reported at once. */
  public static ReportConfig fromArgs(String[] args) {
    long seed = 42;
    int apps = 200;
    int nodes = 48;
    int zones = 3;
    int asNodes = 24;
    int asMax = 96;
    int sweep = 8;
    Path traces = Path.of("loadtest/traces");
    Path out = Path.of("loadtest/report");
    Path protocol = Path.of("loadtest/report/protocol-muster.jsonl");
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i];
      if (i + 1 >= args.length) {
        errors.add(key + ": missing value");
        break;
      }
      String v = args[i + 1];
      try {
        switch (key) {
          case "--seed" -> seed = Long.parseLong(v);
          case "--apps" -> apps = positive(key, v);
          case "--nodes" -> nodes = positive(key, v);
          case "--zones" -> zones = positive(key, v);
          case "--autoscale-nodes" -> asNodes = positive(key, v);
          case "--autoscale-max-nodes" -> asMax = positive(key, v);
          case "--sweep-seeds" -> sweep = Integer.parseInt(v);
          case "--traces" -> traces = Path.of(v);
          case "--out" -> out = Path.of(v);
          case "--protocol" -> protocol = Path.of(v);
          default -> errors.add(key + ": unknown option");
        }
      } catch (IllegalArgumentException e) {
        errors.add(key + ": " + e.getMessage());
      }
    }
    if (asMax < asNodes) {
      errors.add("--autoscale-max-nodes: below --autoscale-nodes");
    }
    if (sweep < 0) {
      errors.add("--sweep-seeds: must be >= 0");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors) + "\n" + USAGE);
    }
    return new ReportConfig(seed, apps, nodes, zones, asNodes, asMax, sweep, traces, out, protocol);
  }

  private static int positive(String key, String v) {
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw new IllegalArgumentException("must be >= 1, got " + n);
    }
    return n;
  }
}
