package io.muster.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "latency vs cluster size per verb" chart's data: parsing run-protocol.sh's lines. */
class ProtocolScalingTest {
  private static String line(int nodes, boolean cache, double driverFilterP99, int prioritized) {
    return """
        {"label":"Muster, %d nodes","nodes":%d,"nodeCacheCapable":%b,"pods":20,"bound":20,
         "latencyMs":{
          "driver":{"filter":{"n":1,"errors":0,"p50":%s,"p95":0,"p99":%s,"max":0},
                    "prioritize":{"n":0,"errors":0,"p50":0.0,"p95":0.0,"p99":0.0,"max":0.0},
                    "bind":{"n":1,"errors":0,"p50":3.0,"p95":0,"p99":4.0,"max":0}},
          "executor":{"filter":{"n":19,"errors":0,"p50":1.5,"p95":0,"p99":2.5,"max":0},
                      "prioritize":{"n":%d,"errors":0,"p50":0.5,"p95":0,"p99":0.9,"max":0},
                      "bind":{"n":19,"errors":0,"p50":5.0,"p95":0,"p99":6.0,"max":0}}}}
        """
        .formatted(nodes, nodes, cache, driverFilterP99 / 2, driverFilterP99, prioritized)
        .replace("\n", "");
  }

  @Test
  void everyCalledVerbBecomesAPointAndUncalledOnesAreLeftOut() {
    List<ProtocolScaling.Point> points =
        ProtocolScaling.parse(List.of(line(1000, true, 20.0, 0), "", line(100, true, 10.0, 7)));

    assertThat(points)
        .extracting(ProtocolScaling.Point::verb, ProtocolScaling.Point::nodes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("driver filter", 1000),
            org.assertj.core.groups.Tuple.tuple("driver bind", 1000),
            org.assertj.core.groups.Tuple.tuple("executor filter", 1000),
            org.assertj.core.groups.Tuple.tuple("executor bind", 1000),
            org.assertj.core.groups.Tuple.tuple("driver filter", 100),
            org.assertj.core.groups.Tuple.tuple("driver bind", 100),
            org.assertj.core.groups.Tuple.tuple("executor filter", 100),
            org.assertj.core.groups.Tuple.tuple("executor prioritize", 100),
            org.assertj.core.groups.Tuple.tuple("executor bind", 100));
    assertThat(points.get(0))
        .isEqualTo(new ProtocolScaling.Point("driver filter", 1000, true, 1, 10.0, 20.0));
    assertThat(ProtocolScaling.sizes(points)).containsExactly(100, 1000);
  }

  @Test
  void seriesArePerVerbAndPercentileSortedByNodeCount() {
    List<ProtocolScaling.Series> series =
        ProtocolScaling.series(
            ProtocolScaling.parse(
                List.of(
                    line(5000, true, 50.0, 0),
                    line(100, true, 10.0, 0),
                    line(1000, true, 20.0, 0))));

    assertThat(series)
        .extracting(ProtocolScaling.Series::name)
        .containsExactly(
            "driver filter p50",
            "driver filter p99",
            "driver bind p50",
            "driver bind p99",
            "executor filter p50",
            "executor filter p99",
            "executor bind p50",
            "executor bind p99");
    ProtocolScaling.Series driverP99 = series.get(1);
    assertThat(driverP99.verb()).isEqualTo("driver filter");
    assertThat(driverP99.percentile()).isEqualTo("p99");
    assertThat(driverP99.nodes()).containsExactly(100, 1000, 5000);
    assertThat(driverP99.ms()).containsExactly(10.0, 20.0, 50.0);
    assertThat(series.get(0).ms()).containsExactly(5.0, 10.0, 25.0);
  }

  @Test
  void aReRunReplacesTheEarlierLineAndTwoModesAreTwoSeries() {
    List<ProtocolScaling.Series> rerun =
        ProtocolScaling.series(
            ProtocolScaling.parse(List.of(line(100, true, 10.0, 0), line(100, true, 30.0, 0))));
    assertThat(rerun.get(1).ms()).containsExactly(30.0);

    List<ProtocolScaling.Series> modes =
        ProtocolScaling.series(
            ProtocolScaling.parse(List.of(line(100, true, 10.0, 0), line(100, false, 12.0, 0))));
    assertThat(modes)
        .extracting(ProtocolScaling.Series::name)
        .contains("driver filter (cache) p99", "driver filter (no cache) p99");
  }

  @Test
  void aLineThatIsNotAResultIsRefusedWithItsNumber() {
    assertThatThrownBy(() -> ProtocolScaling.parse(List.of(line(100, true, 1, 0), "{oops")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> ProtocolScaling.parse(List.of("{\"label\":\"x\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void theCommittedResultsGiveThreeSizesForDriverFilterExecutorFilterAndBind() throws IOException {
    Path committed = Path.of("report/protocol-muster.jsonl");
    List<ProtocolScaling.Point> points =
        ProtocolScaling.parse(Files.readAllLines(committed, StandardCharsets.UTF_8));

    assertThat(ProtocolScaling.sizes(points)).containsExactly(100, 1000, 5000);
    assertThat(ProtocolScaling.series(points))
        .extracting(ProtocolScaling.Series::name)
        .contains("driver filter p99", "executor filter p99", "executor bind p50")
        .allSatisfy(name -> assertThat(name).doesNotContain("prioritize"));
  }
}
