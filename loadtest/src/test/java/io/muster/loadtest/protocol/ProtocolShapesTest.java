package io.muster.loadtest.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolShapesTest {
  private final ObjectMapper json = new ObjectMapper();
  private final FeasibleNodes cluster = new FeasibleNodes(4, 2, LoadProfile.NODE, 0);

  private ExtenderClient client(boolean nodeCache) {
    return new ExtenderClient(
        URI.create("http://127.0.0.1:1"), nodeCache, Duration.ofSeconds(1), new Latencies());
  }

  @Test
  void executorPodLooksLikeSparkMadeIt() {
    ObjectNode pod = KubeJson.executor("spark", "spark-app1", 3, "muster", LoadProfile.EXECUTOR);

    JsonNode labels = pod.path("metadata").path("labels");
    assertThat(labels.path("spark-app-selector").asText()).isEqualTo("spark-app1");
    assertThat(labels.path("spark-role").asText()).isEqualTo("executor");
    assertThat(labels.path("spark-exec-id").asText()).isEqualTo("3");
    assertThat(pod.path("metadata").path("name").asText()).isEqualTo("spark-app1-exec-3");
    assertThat(pod.path("metadata").path("ownerReferences").get(0).path("name").asText())
        .isEqualTo("spark-app1-driver");
    JsonNode container = pod.path("spec").path("containers").get(0);
    assertThat(container.path("name").asText()).isEqualTo("spark-kubernetes-executor");
    assertThat(container.path("resources").path("requests").path("cpu").asText()).isEqualTo("2");
    assertThat(container.path("resources").path("requests").path("memory").asText())
        .isEqualTo("9011Mi");
    assertThat(pod.path("spec").path("schedulerName").asText()).isEqualTo("muster");
  }

  @Test
  void nodeCacheCapableArgsCarryNamesOnly() {
    ObjectNode pod = KubeJson.driver("spark", "spark-app1", "muster", LoadProfile.DRIVER);

    JsonNode args = client(true).args(pod, List.of("node-00001", "node-00002"), cluster);

    assertThat(args.fieldNames()).toIterable().containsExactly("Pod", "Nodes", "NodeNames");
    assertThat(args.path("Nodes").isNull()).isTrue();
    assertThat(args.path("NodeNames")).hasSize(2);
  }

  @Test
  void fullNodeArgsCarryNodeObjects() {
    ObjectNode pod = KubeJson.driver("spark", "spark-app1", "muster", LoadProfile.DRIVER);

    JsonNode args = client(false).args(pod, List.of("node-00001"), cluster);

    assertThat(args.path("NodeNames").isNull()).isTrue();
    JsonNode node = args.path("Nodes").path("items").get(0);
    assertThat(node.path("metadata").path("name").asText()).isEqualTo("node-00001");
    assertThat(node.path("metadata").path("labels").path("topology.kubernetes.io/zone").asText())
        .isEqualTo("zone-b");
    assertThat(node.path("status").path("allocatable").path("cpu").asText()).isEqualTo("32");
  }

  @Test
  void trivialExtendersAnswerInTheModeTheyWereAskedWithEveryKey() throws Exception {
    TrivialReplies pass = new TrivialReplies(TrivialExtender.Mode.PASS_THROUGH);
    TrivialReplies one = new TrivialReplies(TrivialExtender.Mode.ONE_NODE);
    JsonNode names = json.readTree("{\"Pod\":{},\"Nodes\":null,\"NodeNames\":[\"a\",\"b\",\"c\"]}");
    JsonNode objects =
        json.readTree(
            "{\"Pod\":{},\"NodeNames\":null,\"Nodes\":{\"items\":["
                + "{\"metadata\":{\"name\":\"a\"}},{\"metadata\":{\"name\":\"b\"}}]}}");
    JsonNode r = pass.filter(names);
    assertThat(r.fieldNames())
        .toIterable()
        .containsExactly(
            "Nodes", "NodeNames", "FailedNodes", "FailedAndUnresolvableNodes", "Error");
    assertThat(r.path("NodeNames")).hasSize(3);
    assertThat(one.filter(names).path("NodeNames")).hasSize(1);
    assertThat(one.filter(objects).path("Nodes").path("items")).hasSize(1);
    assertThat(one.filter(objects).path("NodeNames").isNull()).isTrue();
    JsonNode scores = pass.prioritize(objects);
    assertThat(scores.isArray()).isTrue();
    assertThat(scores.get(1).path("Host").asText()).isEqualTo("b");
    assertThat(scores.get(1).path("Score").isIntegralNumber()).isTrue();
  }

  @Test
  void explainedOneNodeListsEveryDroppedNodeAsMusterDoes() throws Exception {
    TrivialReplies explained = new TrivialReplies(TrivialExtender.Mode.ONE_NODE_EXPLAINED);
    JsonNode names =
        json.readTree(
            "{\"Pod\":{\"metadata\":{\"namespace\":\"spark\",\"labels\":"
                + "{\"spark-app-selector\":\"spark-1\"}}},\"Nodes\":null,"
                + "\"NodeNames\":[\"a\",\"b\",\"c\"]}");
    JsonNode r = explained.filter(names);
    assertThat(r.path("NodeNames")).hasSize(1);
    assertThat(r.path("NodeNames").get(0).asText()).isEqualTo("a");
    assertThat(r.path("FailedAndUnresolvableNodes").properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly("b", "c");
    assertThat(r.path("FailedAndUnresolvableNodes").path("b").asText())
        .isEqualTo("executor slots of gang spark/spark-1 are on other nodes");
    JsonNode plain = new TrivialReplies(TrivialExtender.Mode.ONE_NODE).filter(names);
    assertThat(plain.path("FailedAndUnresolvableNodes").size()).isZero();
  }

  @Test
  void onlyLoopbackUrlsAreAccepted() {
    assertThat(Loopback.require("http://127.0.0.1:8888/").toString())
        .isEqualTo("http://127.0.0.1:8888");
    assertThatThrownBy(() -> Loopback.require("http://10.0.0.1:8888"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Loopback.require("http://localhost:8888"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Loopback.require("https://127.0.0.1:8888"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void feasibleNodeSearchStopsWhereKubeSchedulerStops() {
    assertThat(FeasibleNodes.numFeasibleNodesToFind(50, 0)).isEqualTo(50);
    assertThat(FeasibleNodes.numFeasibleNodesToFind(100, 0)).isEqualTo(100);
    assertThat(FeasibleNodes.numFeasibleNodesToFind(1000, 0)).isEqualTo(420);
    assertThat(FeasibleNodes.numFeasibleNodesToFind(5000, 0)).isEqualTo(500);
    assertThat(FeasibleNodes.numFeasibleNodesToFind(100_000, 0)).isEqualTo(5000);
    assertThat(FeasibleNodes.numFeasibleNodesToFind(5000, 100)).isEqualTo(5000);
  }

  @Test
  void percentilesAreNearestRank() {
    Latencies l = new Latencies();
    for (int i = 1; i <= 100; i++) {
      l.record(Latencies.Verb.FILTER, Latencies.Role.EXECUTOR, i * 1_000_000L, i == 100);
    }

    Latencies.Summary s = l.summary(Latencies.Verb.FILTER);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.p50()).isEqualTo(50.0);
    assertThat(s.p95()).isEqualTo(95.0);
    assertThat(s.p99()).isEqualTo(99.0);
    assertThat(s.max()).isEqualTo(100.0);
  }

  @Test
  void latenciesAreKeptPerRoleAndMergedOnRequest() {
    Latencies l = new Latencies();
    l.record(Latencies.Verb.FILTER, Latencies.Role.DRIVER, 10_000_000L, false);
    l.record(Latencies.Verb.FILTER, Latencies.Role.EXECUTOR, 1_000_000L, false);
    l.record(Latencies.Verb.FILTER, Latencies.Role.EXECUTOR, 2_000_000L, true);

    assertThat(l.summary(Latencies.Verb.FILTER, Latencies.Role.DRIVER).max()).isEqualTo(10.0);
    assertThat(l.summary(Latencies.Verb.FILTER, Latencies.Role.EXECUTOR).count()).isEqualTo(2);
    assertThat(l.summary(Latencies.Verb.FILTER, Latencies.Role.EXECUTOR).errors()).isEqualTo(1);
    assertThat(l.summary(Latencies.Verb.FILTER).count()).isEqualTo(3);
    assertThat(l.summary(Latencies.Verb.BIND).count()).isZero();
  }

  @Test
  void sparkHeapIsRecoveredFromPodMemory() {
    assertThat(ApiServerPods.heapMiB(LoadProfile.DRIVER.memoryBytes())).isEqualTo(4096);
    assertThat(ApiServerPods.heapMiB(LoadProfile.EXECUTOR.memoryBytes())).isEqualTo(8192);
    assertThat(ApiServerPods.heapMiB(1408L << 20)).isEqualTo(1024);
  }
}
