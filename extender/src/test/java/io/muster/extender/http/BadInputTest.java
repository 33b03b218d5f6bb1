package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.extender.config.ExtenderConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table (issue 7) for the HTTP edge: each input gets its exact status and message,
 * never a stack trace, and never reaches the scheduling logic.
 */
@ExtendWith(VertxExtension.class)
class BadInputTest {
  private static final String FILTER_ERROR =
      "{\"Nodes\":null,\"NodeNames\":null,\"FailedNodes\":{},\"FailedAndUnresolvableNodes\":{},"
          + "\"Error\":\"%s\"}";
  private static final int CAP = 64 * 1024;

  private TestServer t;

  @BeforeEach
  void start(Vertx vertx) {
    t = new TestServer(vertx, Map.of(ExtenderConfig.MAX_BODY_BYTES, "64Ki"));
  }

  static Stream<Arguments> refused() {
    String pod = "{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\"}}";
    return Stream.of(
        Arguments.of(
            "malformed JSON",
            "/filter",
            "{\"Pod\": ",
            400,
            filterError(
                "malformed JSON at line 1, column 9: Unexpected end-of-input within/between Object"
                    + " entries")),
        Arguments.of(
            "not JSON at all",
            "/filter",
            "Pod=x",
            400,
            filterError(
                "malformed JSON at line 1, column 5: unrecognized token (expected a string, number,"
                    + " array, object, true, false or null)")),
        Arguments.of(
            "wrong type for NodeNames",
            "/filter",
            "{\"Pod\":" + pod + ",\"NodeNames\":5}",
            400,
            filterError("field \\\"NodeNames\\\": expected an array, found a number")),
        Arguments.of(
            "number among NodeNames",
            "/filter",
            "{\"Pod\":" + pod + ",\"NodeNames\":[\"a\",5]}",
            400,
            filterError("field \\\"NodeNames[1]\\\": expected a string, found a number")),
        Arguments.of(
            "Pod is a string",
            "/filter",
            "{\"Pod\":\"driver\",\"NodeNames\":[]}",
            400,
            filterError("field \\\"Pod\\\": expected an object, found a string")),
        Arguments.of(
            "label value is a number",
            "/filter",
            "{\"Pod\":{\"metadata\":{\"labels\":{\"spark-role\":1}}},\"NodeNames\":[\"a\"]}",
            400,
            filterError(
                "field \\\"Pod.metadata.labels.spark-role\\\": expected a string, found a number")),
        Arguments.of(
            "missing Pod",
            "/filter",
            "{\"NodeNames\":[\"a\"]}",
            400,
            filterError("missing field \\\"Pod\\\"")),
        Arguments.of(
            "null Pod",
            "/filter",
            "{\"Pod\":null,\"NodeNames\":[\"a\"]}",
            400,
            filterError("missing field \\\"Pod\\\"")),
        Arguments.of(
            "no nodes in either form",
            "/filter",
            "{\"Pod\":" + pod + "}",
            400,
            filterError("missing field \\\"NodeNames\\\" or \\\"Nodes\\\" (one is required)")),
        Arguments.of(
            "empty node name",
            "/filter",
            "{\"Pod\":" + pod + ",\"NodeNames\":[\"\"]}",
            400,
            filterError("field \\\"NodeNames[0]\\\": empty node name")),
        Arguments.of(
            "Node object without a name",
            "/filter",
            "{\"Pod\":" + pod + ",\"Nodes\":{\"items\":[{\"metadata\":{}}]}}",
            400,
            filterError("field \\\"Nodes.items[0].metadata.name\\\": missing")),
        Arguments.of("empty body", "/filter", "", 400, filterError("request body is empty")),
        Arguments.of(
            "JSON null",
            "/filter",
            "null",
            400,
            filterError("request body must be a JSON object, got null")),
        Arguments.of(
            "an array instead of an object",
            "/filter",
            "[]",
            400,
            filterError("request body must be an object, found an array")),
        Arguments.of(
            "trailing content",
            "/filter",
            "{\"Pod\":" + pod + ",\"NodeNames\":[\"a\"]} {}",
            400,
            filterError("unexpected content after the JSON value at line 1, column 70")),
        Arguments.of(
            "prioritize with wrong types",
            "/prioritize",
            "{\"Pod\":" + pod + ",\"NodeNames\":{}}",
            400,
            "{\"Error\":\"field \\\"NodeNames\\\": expected an array, found an object\"}"),
        Arguments.of(
            "prioritize without Pod",
            "/prioritize",
            "{\"NodeNames\":[\"a\"]}",
            400,
            "{\"Error\":\"missing field \\\"Pod\\\"\"}"),
        Arguments.of(
            "bind with nothing",
            "/bind",
            "{}",
            400,
            "{\"Error\":\"missing fields \\\"PodName\\\", \\\"PodNamespace\\\", \\\"PodUID\\\","
                + " \\\"Node\\\"\"}"),
        Arguments.of(
            "bind without node",
            "/bind",
            "{\"PodName\":\"p\",\"PodNamespace\":\"ns\",\"PodUID\":\"u\",\"Node\":\"\"}",
            400,
            "{\"Error\":\"missing field \\\"Node\\\"\"}"),
        Arguments.of(
            "bind with a number for a name",
            "/bind",
            "{\"PodName\":5}",
            400,
            "{\"Error\":\"field \\\"PodName\\\": expected a string, found a number\"}"),
        Arguments.of(
            "preempt victim without UID",
            "/preempt",
            "{\"Pod\":"
                + pod
                + ",\"NodeNameToMetaVictims\":{\"n1\":{\"Pods\":[{}],"
                + "\"NumPDBViolations\":0}}}",
            400,
            "{\"Error\":\"field \\\"NodeNameToMetaVictims.n1.Pods[0]\\\": victim without a UID\"}"),
        Arguments.of(
            "preempt PDB count as a string",
            "/preempt",
            "{\"Pod\":"
                + pod
                + ",\"NodeNameToMetaVictims\":{\"n1\":{\"Pods\":[],"
                + "\"NumPDBViolations\":\"1\"}}}",
            400,
            "{\"Error\":\"field \\\"NodeNameToMetaVictims.n1.NumPDBViolations\\\": expected a"
                + " number, found a string\"}"),
        Arguments.of(
            "unknown verb", "/unknown", "{}", 404, "{\"Error\":\"no such endpoint: /unknown\"}"));
  }

  private static String filterError(String message) {
    return String.format(FILTER_ERROR, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedWithExactStatusAndMessage(
      String name, String path, String body, int status, String expected) {
    HttpResponse<Buffer> response = t.post(path, body);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsString()).isEqualTo(expected);
    assertNoStackTrace(response);
    assertThat(t.verbs.filterCalls).isEmpty();
    assertThat(t.verbs.prioritizeCalls).isEmpty();
    assertThat(t.verbs.bindCalls).isEmpty();
    assertThat(t.verbs.preemptCalls).isEmpty();
  }

  @Test
  void tooDeeplyNestedJsonIsRefused() {
    String deep = "[".repeat(2000) + "]".repeat(2000);
    HttpResponse<Buffer> response =
        t.post("/filter", "{\"Pod\":{\"unknownField\":" + deep + "},\"NodeNames\":[\"a\"]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(response).get("Error").asText())
        .startsWith("JSON too deeply nested or too long: Document nesting depth (1001) exceeds");
    assertNoStackTrace(response);
  }

  @Test
  void oversizedBodyIs413WithTheLimit() {
    String body = "{\"Pod\":{},\"NodeNames\":[\"" + "n".repeat(CAP) + "\"]}";

    HttpResponse<Buffer> filter = t.post("/filter", body);
    HttpResponse<Buffer> bind = t.post("/bind", body);

    assertThat(filter.statusCode()).isEqualTo(413);
    assertThat(filter.bodyAsString())
        .isEqualTo(filterError("request body exceeds 65536 bytes (MUSTER_MAX_BODY_BYTES)"));
    assertThat(bind.statusCode()).isEqualTo(413);
    assertThat(bind.bodyAsString())
        .isEqualTo("{\"Error\":\"request body exceeds 65536 bytes (MUSTER_MAX_BODY_BYTES)\"}");
    assertThat(t.verbs.filterCalls).isEmpty();
  }

  @Test
  void oversizedChunkedBodyWithoutContentLengthIs413(Vertx vertx) {
    HttpClient client = vertx.createHttpClient();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(t.server.port())
            .setURI("/filter");
    Map.Entry<Integer, Buffer> response =
        TestServer.await(
            client
                .request(options)
                .compose(
                    req -> {
                      req.setChunked(true).putHeader("Content-Type", "application/json");
                      // The server may answer (and stop reading) before the upload ends.
                      var answer = req.response();
                      for (int i = 0; i < 20; i++) {
                        req.write(Buffer.buffer("x".repeat(8 * 1024)));
                      }
                      req.end();
                      return answer;
                    })
                .compose(
                    (HttpClientResponse r) -> r.body().map(b -> Map.entry(r.statusCode(), b))));

    assertThat(response.getKey()).isEqualTo(413);
    assertThat(response.getValue().toString()).contains("request body exceeds 65536 bytes");
    assertThat(t.verbs.filterCalls).isEmpty();
  }

  @Test
  void formUploadsAre415() {
    HttpResponse<Buffer> response =
        TestServer.await(
            t.client
                .post("/bind")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("PodName=p")));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.bodyAsString())
        .isEqualTo("{\"Error\":\"Content-Type must be application/json\"}");
    assertThat(t.verbs.bindCalls).isEmpty();
  }

  @Test
  void wrongMethodIs405WithAllowHeader() {
    HttpResponse<Buffer> getFilter = t.get("/filter");
    HttpResponse<Buffer> putBind = t.send(HttpMethod.PUT, "/bind");
    HttpResponse<Buffer> postHealth = t.post("/healthz", "{}");

    assertThat(getFilter.statusCode()).isEqualTo(405);
    assertThat(getFilter.getHeader("Allow")).isEqualTo("POST");
    assertThat(getFilter.bodyAsString())
        .isEqualTo(filterError("method GET not allowed on /filter (use POST)"));
    assertThat(putBind.statusCode()).isEqualTo(405);
    assertThat(putBind.bodyAsString())
        .isEqualTo("{\"Error\":\"method PUT not allowed on /bind (use POST)\"}");
    assertThat(postHealth.statusCode()).isEqualTo(405);
    assertThat(postHealth.getHeader("Allow")).isEqualTo("GET");
  }

  @Test
  void emptyNodeListIsAnsweredWithoutAskingTheImplementation() {
    HttpResponse<Buffer> response =
        t.post("/filter", FilterRouteTest.namesRequest(List.of()).toString());
    HttpResponse<Buffer> scores =
        t.post("/prioritize", FilterRouteTest.namesRequest(List.of()).toString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString())
        .isEqualTo(
            "{\"Nodes\":null,\"NodeNames\":[],\"FailedNodes\":{},"
                + "\"FailedAndUnresolvableNodes\":{},\"Error\":\"\"}");
    assertThat(scores.bodyAsString()).isEqualTo("[]");
    assertThat(t.verbs.filterCalls).isEmpty();
    assertThat(t.verbs.prioritizeCalls).isEmpty();
  }

  @Test
  void hugeNodeNameListPassesThrough(Vertx vertx) {
    TestServer big = new TestServer(vertx); // default 32 MiB cap
    List<String> nodes =
        java.util.stream.IntStream.range(0, 5000).mapToObj(i -> "node-" + i).toList();

    HttpResponse<Buffer> response =
        big.post("/filter", FilterRouteTest.namesRequest(nodes).toString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = TestServer.json(response);
    assertThat(WireReplayTest.names(reply.get("NodeNames"))).containsExactlyElementsOf(nodes);
    assertThat(big.verbs.filterCalls.get(0).nodeNames()).hasSize(5000);
  }

  @Test
  void hugeNodeObjectListIsDecodedAndEchoedOffTheEventLoop(Vertx vertx) {
    TestServer big = new TestServer(vertx);
    ObjectNode request =
        RecordedCall.named("nodecache-false/01-filter-spark-abc123-driver.json")
            .request()
            .deepCopy();
    ArrayNode items = (ArrayNode) request.get("Nodes").get("items");
    ObjectNode template = (ObjectNode) items.get(0);
    items.removeAll();
    for (int i = 0; i < 2000; i++) {
      ObjectNode node = template.deepCopy();
      ((ObjectNode) node.get("metadata")).put("name", "node-" + i);
      items.add(node);
    }
    String body = request.toString();
    assertThat(body.length()).isGreaterThan(VerbCalls.INLINE_CODEC_LIMIT);
    big.verbs.onFilter =
        (pod, nodes) -> StubVerbs.done(io.muster.extender.api.FilterVerdict.passAll(nodes));

    HttpResponse<Buffer> response = big.post("/filter", body);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = TestServer.json(response);
    assertThat(reply.get("NodeNames").isNull()).isTrue();
    assertThat(reply.get("Nodes").get("items")).hasSize(2000);
    assertThat(reply.get("Nodes").get("items").get(1999)).isEqualTo(items.get(1999));
  }

  @Test
  void podsWithoutLabelsReachTheImplementationUnchanged() {
    String pod = "{\"metadata\":{\"name\":\"plain\",\"namespace\":\"default\"},\"spec\":{}}";
    String onlyRole =
        "{\"metadata\":{\"name\":\"half\",\"namespace\":\"default\",\"labels\":"
            + "{\"spark-role\":\"executor\"}},\"spec\":{}}";

    HttpResponse<Buffer> plain = t.post("/filter", "{\"Pod\":" + pod + ",\"NodeNames\":[\"a\"]}");
    HttpResponse<Buffer> half =
        t.post("/filter", "{\"Pod\":" + onlyRole + ",\"NodeNames\":[\"a\"]}");

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(half.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(plain).get("NodeNames").get(0).asText()).isEqualTo("a");
    assertThat(t.verbs.filterCalls.get(0).pod().getMetadata().getLabels()).isNullOrEmpty();
    assertThat(t.verbs.filterCalls.get(1).pod().getMetadata().getLabels())
        .containsExactly(Map.entry("spark-role", "executor"));
  }

  @Test
  void absurdQuantitiesAreTheTranslatorsConcernNotADecodeFailure() {
    String pod =
        "{\"metadata\":{\"name\":\"q\",\"namespace\":\"ns\"},\"spec\":{\"containers\":[{\"name\":"
            + "\"c\",\"resources\":{\"requests\":{\"cpu\":\"-5\",\"memory\":\"12Qi\"}}}]}}";

    HttpResponse<Buffer> response =
        t.post("/filter", "{\"Pod\":" + pod + ",\"NodeNames\":[\"a\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(
            t.verbs
                .filterCalls
                .get(0)
                .pod()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests()
                .get("memory")
                .toString())
        .isEqualTo("12Qi");
  }

  static void assertNoStackTrace(HttpResponse<Buffer> response) {
    assertThat(response.bodyAsString())
        .doesNotContain("Exception", "\tat ", "java.", "com.fasterxml", "io.fabric8", "io.vertx");
  }
}
