package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One load-generator run against an extender, as one JSON line: the cluster size and mode, what was
 * bound how fast, the latencies per role and verb, and (when the extender's pid was given) its CPU
 * and heap.
 */
record ProtocolResult(
    String label,
    int nodes,
    boolean nodeCacheCapable,
    int percentageOfNodesToScore,
    LoadGenerator.Report report,
    double extenderCpuSeconds,
    Map<String, Double> extenderCpuByWork,
    long heapUsedMiB,
    long heapLiveMiB,
    double loadAverage,
    java.util.List<FilterRate.Level> filterRate) {
  private static final ObjectMapper JSON = new ObjectMapper();

  String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("label", label)
        .put("nodes", nodes)
        .put("nodeCacheCapable", nodeCacheCapable)
        .put("percentageOfNodesToScore", percentageOfNodesToScore)
        .put("pods", report.pods())
        .put("bound", report.bound())
        .put("rejected", report.rejected())
        .put("errors", report.errors())
        .put("seconds", report.seconds())
        .put("podsPerSecond", report.podsPerSecond())
        .put("extenderCpuSeconds", extenderCpuSeconds)
        .put("heapUsedMiB", heapUsedMiB)
        .put("heapLiveMiB", heapLiveMiB)
        .put("loadAverage", loadAverage);
    ObjectNode work = o.putObject("extenderCpuByWork");
    extenderCpuByWork.forEach(work::put);
    ObjectNode roles = o.putObject("latencyMs");
    report
        .byRole()
        .forEach(
            (role, s) -> {
              ObjectNode r = roles.putObject(role.name().toLowerCase(java.util.Locale.ROOT));
              put(r, "filter", s.filter());
              put(r, "prioritize", s.prioritize());
              put(r, "bind", s.bind());
            });
    var rate = o.putArray("filterRate");
    for (FilterRate.Level l : filterRate) {
      rate.addObject()
          .put("callers", l.callers())
          .put("calls", l.calls())
          .put("errors", l.errors())
          .put("seconds", l.seconds())
          .put("callsPerSecond", l.callsPerSecond())
          .put("p50Ms", l.p50Ms())
          .put("p99Ms", l.p99Ms());
    }
    return o.toString();
  }

  private static void put(ObjectNode parent, String verb, Latencies.Summary s) {
    parent
        .putObject(verb)
        .put("n", s.count())
        .put("errors", s.errors())
        .put("p50", s.p50())
        .put("p95", s.p95())
        .put("p99", s.p99())
        .put("max", s.max());
  }

  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not a result line: " + line, e);
    }
  }
}
