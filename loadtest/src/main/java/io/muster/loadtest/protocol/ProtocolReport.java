package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders the JSON lines of load-generator runs ({@code --out}) as a markdown table: per cluster
 * size, pods/s, p50/p95/p99 of filter and bind for drivers and executors, the extender's CPU per
 * pod and its heap.
 */
public final class ProtocolReport {
  private ProtocolReport() {}

  /** {@code --results runs.jsonl --out protocol.md [--title ...]} */
  public static void main(String[] args) throws IOException {
    java.util.Map<String, String> a = Flags.parse(args);
    List<JsonNode> runs =
        Files.readAllLines(Path.of(Flags.required(a, "--results")), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .map(ProtocolResult::parse)
            .toList();
    Files.writeString(
        Path.of(Flags.required(a, "--out")),
        markdown(runs, a.getOrDefault("--title", "")),
        StandardCharsets.UTF_8);
  }

  static String markdown(List<JsonNode> runs, String title) {
    StringBuilder md = new StringBuilder();
    md.append("# Extender protocol latency").append(title.isEmpty() ? "" : ": " + title);
    md.append("\n\n");
    md.append(
        "One pod at a time, as kube-scheduler's loop sends them (filter, prioritize when more than"
            + " one node passed, bind). Latencies in ms, measured by the load generator (HTTP round"
            + " trip on 127.0.0.1). CPU = the extender process over the run (JIT = its compiler"
            + " threads); heap from `jcmd GC.heap_info` after the run, and after a full GC.\n\n");
    md.append(
        "| run | nodes | bound | pods/s | driver filter p50 / p95 / p99 | executor filter p50 /"
            + " p95 / p99 | prioritize n, p99 | driver bind p50 / p99 | executor bind p50 / p99 |"
            + " extender CPU ms/pod (JIT) | heap used / live MiB | load average |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode r : runs) {
      JsonNode d = r.path("latencyMs").path("driver");
      JsonNode e = r.path("latencyMs").path("executor");
      int bound = Math.max(1, r.path("bound").asInt());
      int prioritized = d.at("/prioritize/n").asInt() + e.at("/prioritize/n").asInt();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d/%d | %.0f | %s | %s | %d, %s | %s | %s | %.2f (%.2f) | %d / %d | %.1f |%n",
              r.path("label").asText(),
              r.path("nodes").asInt(),
              r.path("bound").asInt(),
              r.path("pods").asInt(),
              r.path("podsPerSecond").asDouble(),
              three(d.path("filter")),
              three(e.path("filter")),
              prioritized,
              prioritized == 0
                  ? "—"
                  : ms(
                      Math.max(
                          d.at("/prioritize/p99").asDouble(), e.at("/prioritize/p99").asDouble())),
              two(d.path("bind")),
              two(e.path("bind")),
              1000 * r.path("extenderCpuSeconds").asDouble() / bound,
              1000 * r.path("extenderCpuByWork").path("jit").asDouble() / bound,
              r.path("heapUsedMiB").asLong(),
              r.path("heapLiveMiB").asLong(),
              r.path("loadAverage").asDouble(Double.NaN)));
    }
    appendFilterRate(runs, md);
    return md.toString();
  }

  /** The {@link FilterRate} probes, if any run had one. */
  private static void appendFilterRate(List<JsonNode> runs, StringBuilder md) {
    if (runs.stream().allMatch(r -> r.path("filterRate").isEmpty())) {
      return;
    }
    md.append(
        "\n## Filter rate\n\nOne more application after each run: its executors' filter"
            + " requests (encoded once) repeated by 1..n callers, each on its own HTTP/1.1"
            + " connection, as fast as the answers come; every answer checked (HTTP 200, no Error,"
            + " the executor's one node). kube-scheduler's loop is one caller. The load generator"
            + " runs on the same cores.\n\n");
    md.append("| run | callers | calls | filter calls/s | p50 ms | p99 ms | errors |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (JsonNode r : runs) {
      for (JsonNode l : r.path("filterRate")) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %.0f | %s | %s | %d |%n",
                r.path("label").asText(),
                l.path("callers").asInt(),
                l.path("calls").asLong(),
                l.path("callsPerSecond").asDouble(),
                ms(l.path("p50Ms").asDouble()),
                ms(l.path("p99Ms").asDouble()),
                l.path("errors").asLong()));
      }
    }
  }

  private static String three(JsonNode s) {
    return ms(s.path("p50").asDouble())
        + " / "
        + ms(s.path("p95").asDouble())
        + " / "
        + ms(s.path("p99").asDouble());
  }

  private static String two(JsonNode s) {
    return s.path("n").asInt() == 0
        ? "—"
        : ms(s.path("p50").asDouble()) + " / " + ms(s.path("p99").asDouble());
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }
}
