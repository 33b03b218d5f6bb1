package io.muster.loadtest.report;

import io.muster.loadtest.throughput.ThroughputSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the simulator report: {@code index.html}, its PNG charts and {@code summary.md} under
 * {@code --out}, from traces under {@code --traces} (generated from their seeds the first time),
 * plus the extender's latency vs cluster size from {@code --protocol} (the JSON lines of {@code
 * loadtest/run-protocol.sh muster}) when that file exists.
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    ReportConfig config;
    try {
      config = ReportConfig.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Experiments.Results results = new Experiments(config).run();
    Files.createDirectories(config.out());
    // The protocol latencies are measured, not simulated; the page shows them when they exist.
    List<ProtocolScaling.Point> protocol =
        Files.isRegularFile(config.protocol())
            ? ProtocolScaling.parse(Files.readAllLines(config.protocol(), StandardCharsets.UTF_8))
            : List.of();
    // So is the throughput of the real kube-scheduler (run-throughput.sh writes it next to the
    // page).
    Path throughputResults = config.out().resolve("throughput.jsonl");
    List<List<String>> throughput =
        Files.isRegularFile(throughputResults)
            ? ThroughputSummary.rows(Files.readAllLines(throughputResults, StandardCharsets.UTF_8))
            : List.of();
    String page = new ReportPage(new Charts(config.out())).render(results, protocol, throughput);
    Files.writeString(config.out().resolve("index.html"), page, StandardCharsets.UTF_8);
    String summary = Summary.markdown(results);
    Files.writeString(config.out().resolve("summary.md"), summary, StandardCharsets.UTF_8);
    System.out.println(summary);
    System.out.println("wrote " + config.out().resolve("index.html"));
  }
}
