package io.muster.loadtest.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency vs cluster size per verb, from the JSON lines {@code loadtest/run-protocol.sh} writes
 * ({@code protocol-muster.jsonl}: one line per cluster size, latencies per role and verb). A verb
 * that no run called (prioritize, when nodeCacheCapable filter leaves one node) has no series.
 */
final class ProtocolScaling {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ROLES = List.of("driver", "executor");
  private static final List<String> VERBS = List.of("filter", "prioritize", "bind");

  private ProtocolScaling() {}

  /** One verb of one role at one cluster size. */
  record Point(
      String verb, int nodes, boolean nodeCacheCapable, long calls, double p50, double p99) {}

  /** One line of the chart: a verb's percentile in milliseconds, by ascending node count. */
  record Series(String name, String verb, String percentile, List<Integer> nodes, List<Double> ms) {
    Series {
      nodes = List.copyOf(nodes);
      ms = List.copyOf(ms);
    }
  }

  /**
   * Every called verb of every result line ("driver filter", "executor bind", …), in file order.
   * Blank lines are skipped; a line that is not a result fails with its line number.
   */
  static List<Point> parse(List<String> lines) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonNode run;
      try {
        run = JSON.readTree(line);
      } catch (IOException e) {
        throw new UncheckedIOException("line " + (i + 1) + ": not JSON", e);
      }
      if (!run.path("nodes").canConvertToInt() || !run.path("latencyMs").isObject()) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": not a protocol result (needs nodes and latencyMs)");
      }
      int nodes = run.path("nodes").asInt();
      boolean cache = run.path("nodeCacheCapable").asBoolean(true);
      for (String role : ROLES) {
        for (String verb : VERBS) {
          JsonNode s = run.path("latencyMs").path(role).path(verb);
          long calls = s.path("n").asLong();
          if (calls > 0) {
            points.add(
                new Point(
                    role + " " + verb,
                    nodes,
                    cache,
                    calls,
                    s.path("p50").asDouble(),
                    s.path("p99").asDouble()));
          }
        }
      }
    }
    return List.copyOf(points);
  }

  /**
   * A p50 and a p99 series per verb (verbs in their first-seen order), points sorted by node count.
   * When one file holds both nodeCacheCapable modes, each mode is its own series; a cluster size
   * measured twice in one mode keeps its last line (a re-run replaces the earlier one).
   */
  static List<Series> series(List<Point> points) {
    boolean bothModes = points.stream().map(Point::nodeCacheCapable).distinct().count() > 1;
    Map<String, TreeMap<Integer, Point>> byVerb = new LinkedHashMap<>();
    for (Point p : points) {
      String verb =
          bothModes ? p.verb() + (p.nodeCacheCapable() ? " (cache)" : " (no cache)") : p.verb();
      byVerb.computeIfAbsent(verb, k -> new TreeMap<>()).put(p.nodes(), p);
    }
    List<Series> out = new ArrayList<>();
    byVerb.forEach(
        (verb, byNodes) -> {
          List<Integer> nodes = List.copyOf(byNodes.keySet());
          out.add(
              new Series(
                  verb + " p50",
                  verb,
                  "p50",
                  nodes,
                  byNodes.values().stream().map(Point::p50).toList()));
          out.add(
              new Series(
                  verb + " p99",
                  verb,
                  "p99",
                  nodes,
                  byNodes.values().stream().map(Point::p99).toList()));
        });
    return List.copyOf(out);
  }

  /** The cluster sizes measured, ascending. */
  static List<Integer> sizes(List<Point> points) {
    return points.stream().map(Point::nodes).distinct().sorted(Comparator.naturalOrder()).toList();
  }
}
