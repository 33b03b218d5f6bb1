package io.muster.loadtest.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTML report's throughput table: medians per configuration and the ratios to a and c. */
class ThroughputSummaryTest {
  private static String line(String config, int round, double seconds, Map<String, Double> cpu) {
    return ThroughputResultTest.result(config, round, seconds, cpu, Double.NaN, Double.NaN)
        .toJson();
  }

  @Test
  void mediansAndRatiosPerConfiguration() {
    List<String> lines =
        List.of(
            line("d", 1, 20, Map.of("apiserver", 6.0, "extender", 9.0, "extender.jit", 4.0)),
            line("a", 1, 5, Map.of("apiserver", 4.0)),
            line("c", 1, 10, Map.of("apiserver", 5.0, "extender", 1.0, "extender.jit", 0.5)),
            "",
            line("d", 2, 10, Map.of("apiserver", 8.0, "extender", 11.0, "extender.jit", 6.0)),
            line("c", 2, 10, Map.of("apiserver", 5.0, "extender", 1.0, "extender.jit", 0.5)));

    List<List<String>> rows = ThroughputSummary.rows(lines);

    assertThat(rows)
        .extracting(r -> r.get(0))
        .containsExactly("a no extender", "c one-node extender", "d Muster");
    // d: 1000 pods in 20 s and in 10 s → median 75 pods/s; a = 200, c = 100.
    assertThat(rows.get(2))
        .containsExactly(
            "d Muster", "2", "yes", "75.0", "0.38", "0.75", "7.00", "—", "—", "10.00 (5.00)");
    assertThat(rows.get(0).get(9)).isEqualTo("—");
    assertThat(rows).allSatisfy(r -> assertThat(r).hasSameSizeAs(ThroughputSummary.HEADER));
  }

  @Test
  void theSchedulerCycleIsTheMedianOverTheRunsThatReadIt() {
    List<List<String>> rows =
        ThroughputSummary.rows(
            List.of(
                ThroughputResultTest.result("d", 1, 10, Map.of(), 7.0, 2.0).toJson(),
                ThroughputResultTest.result("d", 2, 10, Map.of(), 9.0, 3.0).toJson(),
                line("d", 3, 10, Map.of("extender", 1.0)),
                line("c", 1, 10, Map.of("extender", 1.0))));

    int cycle = ThroughputSummary.HEADER.indexOf("kube-scheduler cycle ms/pod (Filter)");
    assertThat(rows.get(1).get(cycle)).isEqualTo("8.00 (2.50)");
    assertThat(rows.get(0).get(cycle)).isEqualTo("—");
  }

  @Test
  void withoutRunsAOrCTheRatiosAreDashes() {
    List<List<String>> rows =
        ThroughputSummary.rows(List.of(line("d", 1, 10, Map.of("apiserver", 1.0))));

    assertThat(rows.get(0).subList(4, 6)).containsExactly("—", "—");
  }

  @Test
  void theCommittedResultsGiveOneRowPerConfiguration() throws IOException {
    Path committed = Path.of("report/throughput.jsonl");
    List<List<String>> rows =
        ThroughputSummary.rows(Files.readAllLines(committed, StandardCharsets.UTF_8));

    assertThat(rows).extracting(r -> r.get(0).substring(0, 1)).containsExactly("a", "b", "c", "d");
    assertThat(rows).allSatisfy(r -> assertThat(r.get(2)).isEqualTo("yes"));
    assertThat(rows.get(0).get(4)).isEqualTo("1.00");
    assertThat(rows.get(2).get(5)).isEqualTo("1.00");
  }
}
