package io.muster.loadtest.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measured run of one scheduler configuration: how many pods were bound how fast (first pod
 * created → last pod bound), how long drivers and executors waited from creation to binding, and
 * the CPU seconds each control-plane process used from the first creation until {@code settle}
 * after the last binding, and the machine's load average then; kube-scheduler's mean scheduling
 * cycle per pod over the same window and the share of its in-tree Filter plugins (NaN when not
 * read). One JSON object per line in the results file.
 */
public record ThroughputResult(
    String config,
    int round,
    int apps,
    int pods,
    int bound,
    int appsComplete,
    double seconds,
    double driverWaitP50Ms,
    double driverWaitP99Ms,
    double executorWaitP50Ms,
    double executorWaitP99Ms,
    Map<String, Double> cpuSeconds,
    double loadAverage,
    double schedulerCycleMs,
    double schedulerFilterPluginsMs) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ThroughputResult {
    cpuSeconds = Map.copyOf(cpuSeconds);
  }

  /** Bound pods per second, first pod created → last pod bound. */
  public double podsPerSecond() {
    return seconds <= 0 ? 0 : bound / seconds;
  }

  public boolean complete() {
    return appsComplete == apps && bound == pods;
  }

  /** CPU seconds of {@code process}, or NaN when it was not measured. */
  public double cpu(String process) {
    return cpuSeconds.getOrDefault(process, Double.NaN);
  }

  String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("config", config)
        .put("round", round)
        .put("apps", apps)
        .put("pods", pods)
        .put("bound", bound)
        .put("appsComplete", appsComplete)
        .put("seconds", seconds)
        .put("podsPerSecond", podsPerSecond())
        .put("driverWaitP50Ms", driverWaitP50Ms)
        .put("driverWaitP99Ms", driverWaitP99Ms)
        .put("executorWaitP50Ms", executorWaitP50Ms)
        .put("executorWaitP99Ms", executorWaitP99Ms)
        .put("loadAverage", loadAverage)
        .put("schedulerCycleMs", schedulerCycleMs)
        .put("schedulerFilterPluginsMs", schedulerFilterPluginsMs);
    ObjectNode cpu = o.putObject("cpuSeconds");
    cpuSeconds.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> cpu.put(e.getKey(), e.getValue()));
    return o.toString();
  }

  static ThroughputResult fromJson(String line) {
    try {
      JsonNode o = JSON.readTree(line);
      Map<String, Double> cpu = new LinkedHashMap<>();
      o.path("cpuSeconds").properties().forEach(e -> cpu.put(e.getKey(), e.getValue().asDouble()));
      return new ThroughputResult(
          o.path("config").asText(),
          o.path("round").asInt(),
          o.path("apps").asInt(),
          o.path("pods").asInt(),
          o.path("bound").asInt(),
          o.path("appsComplete").asInt(),
          o.path("seconds").asDouble(),
          o.path("driverWaitP50Ms").asDouble(),
          o.path("driverWaitP99Ms").asDouble(),
          o.path("executorWaitP50Ms").asDouble(),
          o.path("executorWaitP99Ms").asDouble(),
          cpu,
          o.path("loadAverage").asDouble(Double.NaN),
          number(o.path("schedulerCycleMs")),
          number(o.path("schedulerFilterPluginsMs")));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a result line: " + line, e);
    }
  }

  /** Jackson writes NaN as a JSON number token it reads back; older lines lack the field. */
  private static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }

  @Override
  public String toString() {
    StringBuilder cpu = new StringBuilder();
    cpuSeconds.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> cpu.append(String.format(Locale.ROOT, " %s=%.2fs", e.getKey(), e.getValue())));
    return String.format(
        Locale.ROOT,
        "config=%s round=%d bound=%d/%d apps complete=%d/%d in %.2f s = %.1f pods/s;"
            + " driver wait p50/p99 %.0f/%.0f ms, executor wait p50/p99 %.0f/%.0f ms; load %.1f;"
            + " kube-scheduler cycle %.2f ms/pod (Filter plugins %.2f); cpu%s",
        config,
        round,
        bound,
        pods,
        appsComplete,
        apps,
        seconds,
        podsPerSecond(),
        driverWaitP50Ms,
        driverWaitP99Ms,
        executorWaitP50Ms,
        executorWaitP99Ms,
        loadAverage,
        schedulerCycleMs,
        schedulerFilterPluginsMs,
        cpu);
  }
}
