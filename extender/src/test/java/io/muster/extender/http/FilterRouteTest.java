package io.muster.extender.http;

import static io.muster.extender.http.WireReplayTest.fieldNames;
import static io.muster.extender.http.WireReplayTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.config.ExtenderConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The filter route's safety nets and failure handling, against a stub. */
@ExtendWith(VertxExtension.class)
class FilterRouteTest {
  private static final String DRIVER = "nodecache-true/01-filter-spark-abc123-driver.json";
  private static final String DRIVER_FULL_NODES =
      "nodecache-false/01-filter-spark-abc123-driver.json";

  /** The recorded driver request, offering node-1, node-3, node-2 in that order. */
  static ObjectNode namesRequest() {
    return (ObjectNode) RecordedCall.named(DRIVER).request().deepCopy();
  }

  static ObjectNode namesRequest(List<String> nodes) {
    ObjectNode request = namesRequest();
    ArrayNode names = request.putArray("NodeNames");
    nodes.forEach(names::add);
    return request;
  }

  @Test
  void aPassingReplyListsNoDroppedNode(Vertx vertx) {
    // kube-scheduler reads the failed maps only when no node passes (findNodesThatPassExtenders
    // feeds them to the diagnosis of a failed attempt): listing the 999 others would cost both
    // sides for nothing.
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(
                new FilterVerdict(
                    List.of("node-3"), Map.of("node-1", "full"), Map.of("node-2", "wrong zone")));

    JsonNode reply = TestServer.json(t.post("/filter", namesRequest().toString()));

    assertThat(names(reply.get("NodeNames"))).containsExactly("node-3");
    assertThat(fieldNames(reply.get("FailedNodes"))).isEmpty();
    assertThat(fieldNames(reply.get("FailedAndUnresolvableNodes"))).isEmpty();
  }

  @Test
  void anAllRejectedReplyListsEveryNodeWithItsReason(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(
                new FilterVerdict(
                    List.of(),
                    Map.of("node-1", "full"),
                    Map.of("node-2", "wrong zone"),
                    Optional.of(new FilterVerdict.Others("slots elsewhere", true))));

    JsonNode reply = TestServer.json(t.post("/filter", namesRequest().toString()));

    assertThat(names(reply.get("NodeNames"))).isEmpty();
    assertThat(reply.get("FailedNodes"))
        .isEqualTo(json("{\"node-1\":\"full\",\"node-3\":\"slots elsewhere\"}"));
    assertThat(reply.get("FailedAndUnresolvableNodes"))
        .isEqualTo(json("{\"node-2\":\"wrong zone\"}"));
  }

  @Test
  void listsEveryDroppedNodeTheVerdictForgotWhenNothingPasses(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(new FilterVerdict(List.of(), Map.of("node-1", "full"), Map.of()));

    JsonNode reply = TestServer.json(t.post("/filter", namesRequest().toString()));

    assertThat(names(reply.get("NodeNames"))).isEmpty();
    assertThat(reply.get("FailedNodes")).isEqualTo(json("{\"node-1\":\"full\"}"));
    assertThat(reply.get("FailedAndUnresolvableNodes"))
        .isEqualTo(
            json(
                "{\"node-3\":\""
                    + FilterReply.UNLISTED
                    + "\",\"node-2\":\""
                    + FilterReply.UNLISTED
                    + "\"}"));
  }

  @Test
  void removesPassedNodesThatWereNotOffered(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(
                new FilterVerdict(
                    List.of("node-9", "node-1", "node-1"),
                    Map.of("node-7", "x"),
                    Map.of("node-2", "never", "node-3", "never")));

    JsonNode reply = TestServer.json(t.post("/filter", namesRequest().toString()));

    assertThat(names(reply.get("NodeNames"))).containsExactly("node-1");
    assertThat(fieldNames(reply.get("FailedNodes"))).isEmpty();
    assertThat(fieldNames(reply.get("FailedAndUnresolvableNodes"))).isEmpty();
  }

  @Test
  void aReplyWhosePassedNodesWereAllNotOfferedListsEveryOfferedNode(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(
                new FilterVerdict(
                    List.of("node-9"), Map.of("node-7", "x"), Map.of("node-2", "never")));

    JsonNode reply = TestServer.json(t.post("/filter", namesRequest().toString()));

    assertThat(names(reply.get("NodeNames"))).isEmpty();
    assertThat(fieldNames(reply.get("FailedNodes"))).isEmpty();
    assertThat(fieldNames(reply.get("FailedAndUnresolvableNodes")))
        .containsExactly("node-1", "node-3", "node-2");
    assertThat(reply.at("/FailedAndUnresolvableNodes/node-1").asText())
        .isEqualTo(FilterReply.UNLISTED);
  }

  @Test
  void aNodeBothPassedAndFailedFails(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(
                new FilterVerdict(
                    List.of("node-1", "node-2"),
                    Map.of("node-2", "slot moved", "node-3", "full"),
                    Map.of("node-3", "wrong zone")));

    JsonNode reply = TestServer.json(t.post("/filter", namesRequest().toString()));

    assertThat(names(reply.get("NodeNames"))).containsExactly("node-1");
    assertThat(fieldNames(reply.get("FailedNodes"))).isEmpty();
  }

  @Test
  void whenTheOnlyPassedNodeAlsoFailsEveryNodeIsListedAndUnresolvableWins(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(
                new FilterVerdict(
                    List.of("node-2"),
                    Map.of("node-2", "slot moved", "node-3", "full"),
                    Map.of("node-3", "wrong zone")));

    JsonNode reply = TestServer.json(t.post("/filter", namesRequest().toString()));

    assertThat(names(reply.get("NodeNames"))).isEmpty();
    assertThat(reply.get("FailedNodes")).isEqualTo(json("{\"node-2\":\"slot moved\"}"));
    // As in kube-scheduler, unresolvable wins over resolvable for the same node.
    assertThat(reply.get("FailedAndUnresolvableNodes"))
        .isEqualTo(json("{\"node-1\":\"" + FilterReply.UNLISTED + "\",\"node-3\":\"wrong zone\"}"));
  }

  @Test
  void fullNodeObjectsComeBackUntouchedForPassedNodesOnly(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(FilterVerdict.only("node-2", "muster: waiting for gang", true));
    ObjectNode request = (ObjectNode) RecordedCall.named(DRIVER_FULL_NODES).request();

    JsonNode reply = TestServer.json(t.post("/filter", request.toString()));

    JsonNode sentNode2 = null;
    for (JsonNode item : request.get("Nodes").get("items")) {
      if (item.at("/metadata/name").asText().equals("node-2")) {
        sentNode2 = item;
      }
    }
    assertThat(reply.get("NodeNames").isNull()).isTrue();
    assertThat(reply.get("Nodes").get("items")).containsExactly(sentNode2);
    assertThat(fieldNames(reply.get("FailedNodes"))).isEmpty();
    assertThat(t.verbs.filterCalls.get(0).nodeNames())
        .containsExactlyElementsOf(
            WireReplayTest.offeredNames(RecordedCall.named(DRIVER_FULL_NODES)))
        .hasSize(3);
  }

  @Test
  void duplicateOfferedNamesReachTheImplementationOnce(Vertx vertx) {
    TestServer t = new TestServer(vertx);

    JsonNode reply =
        TestServer.json(
            t.post("/filter", namesRequest(List.of("node-2", "node-1", "node-2")).toString()));

    assertThat(t.verbs.filterCalls.get(0).nodeNames()).containsExactly("node-2", "node-1");
    assertThat(names(reply.get("NodeNames"))).containsExactly("node-2", "node-1");
  }

  @Test
  void aFailedVerdictIsAnErrorAnswerWithHttp200(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) -> StubVerbs.failed(new IllegalStateException("ledger said no: secret=abc"));

    HttpResponse<Buffer> response = t.post("/filter", namesRequest().toString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = TestServer.json(response);
    assertThat(fieldNames(reply))
        .containsExactly(
            "Nodes", "NodeNames", "FailedNodes", "FailedAndUnresolvableNodes", "Error");
    assertThat(reply.get("Error").asText())
        .matches("muster: filter failed \\(ref [0-9a-f]{8}, see the extender log\\)");
    assertThat(reply.get("NodeNames").isNull()).isTrue();
    // The cause stays in the log: its text never reaches the caller.
    assertThat(response.bodyAsString()).doesNotContain("ledger", "secret", "Exception");
  }

  @Test
  void anExceptionThrownBeforeTheStageIsAlsoAnErrorAnswer(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) -> {
          throw new NullPointerException("boom");
        };

    HttpResponse<Buffer> response = t.post("/filter", namesRequest().toString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(response).get("Error").asText())
        .startsWith("muster: filter failed (ref ");
  }

  @Test
  void aNullVerdictIsAnErrorAnswer(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter = (pod, nodes) -> StubVerbs.done(null);

    HttpResponse<Buffer> response = t.post("/filter", namesRequest().toString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(response).get("Error").asText())
        .startsWith("muster: filter failed (ref ");
  }

  @Test
  void aVerdictThatNeverComesIsAnErrorAnswerAtTheDeadline(Vertx vertx) {
    TestServer t =
        new TestServer(
            vertx,
            Map.of(ExtenderConfig.VERB_TIMEOUT, "300ms", ExtenderConfig.CONFIGMAP_WAIT, "0ms"));
    t.verbs.onFilter = (pod, nodes) -> new CompletableFuture<>();

    HttpResponse<Buffer> response = t.post("/filter", namesRequest().toString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(response).get("Error").asText())
        .isEqualTo("muster: filter did not finish within 300ms");
  }

  @Test
  void aVerdictCompletedOnAnotherThreadIsAnswered(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.verbs.onFilter =
        (pod, nodes) ->
            CompletableFuture.supplyAsync(
                () -> FilterVerdict.failAll(nodes, "muster: gang waits", true));

    JsonNode reply = TestServer.json(t.post("/filter", namesRequest().toString()));

    assertThat(names(reply.get("NodeNames"))).isEmpty();
    assertThat(reply.get("FailedNodes"))
        .isEqualTo(
            json(
                "{\"node-1\":\"muster: gang waits\",\"node-3\":\"muster: gang waits\","
                    + "\"node-2\":\"muster: gang waits\"}"));
  }

  @Test
  void verbsAreAlsoServedUnderTheConfiguredPrefix(Vertx vertx) {
    TestServer t = new TestServer(vertx, Map.of(ExtenderConfig.URL_PREFIX, "/muster"));

    assertThat(t.post("/muster/filter", namesRequest().toString()).statusCode()).isEqualTo(200);
    assertThat(t.post("/filter", namesRequest().toString()).statusCode()).isEqualTo(200);
    assertThat(t.verbs.filterCalls).hasSize(2);
  }

  @Test
  void latencyIsRecordedPerVerbAndResult(Vertx vertx) {
    TestServer t = new TestServer(vertx);
    t.post("/filter", namesRequest().toString());
    t.post("/filter", "{");

    String scrape = t.metrics.scrape();

    assertThat(scrape)
        .contains("muster_verb_duration_seconds_count{result=\"ok\",verb=\"filter\"} 1")
        .contains("muster_verb_duration_seconds_count{result=\"bad_request\",verb=\"filter\"} 1");
  }

  static JsonNode json(String text) {
    try {
      return TestServer.JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
