package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.extender.api.BindRequest;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.api.HostScore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every request a real kube-scheduler sent (both nodeCacheCapable modes) through the real
 * routes against a stub, and checks the reply has exactly the shape kube-scheduler decodes.
 */
@ExtendWith(VertxExtension.class)
class WireReplayTest {
  private static final List<String> FILTER_KEYS =
      List.of("Nodes", "NodeNames", "FailedNodes", "FailedAndUnresolvableNodes", "Error");
  private static final Pattern FRACTIONAL_SCORE = Pattern.compile("\"Score\":\\s*-?\\d+\\.");

  private TestServer t;

  @BeforeEach
  void start(Vertx vertx) {
    t = new TestServer(vertx);
    // Steer every pod to the first offered node, as an executor with a reserved slot would be.
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(FilterVerdict.only(nodes.get(0), "muster: not this pod's slot", false));
    // Descending scores 10, 9, 8...: distinct integers, to catch any reordering or float
    // formatting.
    t.verbs.onPrioritize =
        (pod, nodes) ->
            StubVerbs.done(
                IntStream.range(0, nodes.size())
                    .mapToObj(i -> new HostScore(nodes.get(i), 10 - i))
                    .toList());
  }

  static List<RecordedCall> calls() {
    return RecordedCall.all();
  }

  @Test
  void everyRecordedCallIsReplayed() {
    assertThat(calls()).hasSize(18);
    assertThat(calls()).extracting(RecordedCall::verb).containsOnly("filter", "prioritize", "bind");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void answersInTheShapeKubeSchedulerDecodes(RecordedCall call) throws Exception {
    HttpResponse<Buffer> response = replay(call);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    switch (call.verb()) {
      case "filter" -> assertFilter(call, response);
      case "prioritize" -> assertPrioritize(call, response);
      case "bind" -> assertBind(call, response);
      default -> throw new AssertionError("unexpected verb " + call.verb());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void handsTheImplementationThePodAndNodesKubeSchedulerSent(RecordedCall call) {
    replay(call);
    if (call.verb().equals("bind")) {
      JsonNode req = call.request();
      assertThat(t.verbs.bindCalls)
          .containsExactly(
              new BindRequest(
                  req.get("PodName").asText(),
                  req.get("PodNamespace").asText(),
                  req.get("PodUID").asText(),
                  req.get("Node").asText()));
      return;
    }
    StubVerbs.FilterCall seen =
        call.verb().equals("filter") ? t.verbs.filterCalls.get(0) : t.verbs.prioritizeCalls.get(0);
    JsonNode sentPod = call.request().get("Pod");
    Pod pod = seen.pod();
    assertThat(pod.getMetadata().getName()).isEqualTo(sentPod.at("/metadata/name").asText());
    assertThat(pod.getMetadata().getUid()).isEqualTo(sentPod.at("/metadata/uid").asText());
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("spark-app-selector", "spark-abc123")
        .containsKey("spark-role");
    Quantity cpu = pod.getSpec().getContainers().get(0).getResources().getRequests().get("cpu");
    assertThat(cpu).isNotNull();
    assertThat(cpu.getNumericalAmount())
        .isEqualByComparingTo(
            new Quantity(sentPod.at("/spec/containers/0/resources/requests/cpu").asText())
                .getNumericalAmount());
    assertThat(seen.nodeNames()).containsExactlyElementsOf(offeredNames(call));
  }

  private HttpResponse<Buffer> replay(RecordedCall call) {
    HttpRequest<Buffer> request = t.client.post(call.path());
    call.headers().forEach(request::putHeader);
    return TestServer.await(request.sendBuffer(Buffer.buffer(call.request().toString())));
  }

  private static void assertFilter(RecordedCall call, HttpResponse<Buffer> response) {
    JsonNode reply = TestServer.json(response);
    List<String> offered = offeredNames(call);
    assertThat(fieldNames(reply)).containsExactlyElementsOf(FILTER_KEYS);
    assertThat(reply.get("Error").asText()).isEmpty();
    if (call.nodeCacheCapable()) {
      assertThat(reply.get("Nodes").isNull()).isTrue();
      assertThat(names(reply.get("NodeNames"))).containsExactly(offered.get(0));
    } else {
      assertThat(reply.get("NodeNames").isNull()).isTrue();
      JsonNode items = reply.get("Nodes").get("items");
      assertThat(items).hasSize(1);
      // The very Node object kube-scheduler sent, untouched.
      assertThat(items.get(0)).isEqualTo(call.request().get("Nodes").get("items").get(0));
    }
    // A node passes: kube-scheduler would read the failed maps only if none did.
    assertThat(fieldNames(reply.get("FailedNodes"))).isEmpty();
    assertThat(fieldNames(reply.get("FailedAndUnresolvableNodes"))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCalls")
  void aRejectingAnswerListsEveryOfferedNodeWithItsReason(RecordedCall call) {
    t.verbs.onFilter =
        (pod, nodes) ->
            StubVerbs.done(FilterVerdict.some(List.of(), "muster: not this pod's slot", false));

    JsonNode reply = TestServer.json(replay(call));

    assertThat(fieldNames(reply)).containsExactlyElementsOf(FILTER_KEYS);
    assertThat(reply.get("Error").asText()).isEmpty();
    assertThat(call.nodeCacheCapable() ? names(reply.get("NodeNames")) : List.of()).isEmpty();
    if (!call.nodeCacheCapable()) {
      assertThat(reply.get("Nodes").get("items")).isEmpty();
    }
    assertThat(fieldNames(reply.get("FailedNodes"))).isEmpty();
    assertThat(fieldNames(reply.get("FailedAndUnresolvableNodes")))
        .containsExactlyElementsOf(offeredNames(call));
    reply
        .get("FailedAndUnresolvableNodes")
        .forEach(message -> assertThat(message.asText()).isEqualTo("muster: not this pod's slot"));
  }

  static List<RecordedCall> filterCalls() {
    return calls().stream().filter(c -> c.verb().equals("filter")).toList();
  }

  private static void assertPrioritize(RecordedCall call, HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    JsonNode reply = TestServer.json(response);
    List<String> offered = offeredNames(call);
    assertThat(reply.isArray()).as("a bare array").isTrue();
    assertThat(reply).hasSize(offered.size());
    assertThat(FRACTIONAL_SCORE.matcher(body).find()).as("integer scores in %s", body).isFalse();
    for (int i = 0; i < offered.size(); i++) {
      JsonNode host = reply.get(i);
      assertThat(fieldNames(host)).containsExactly("Host", "Score");
      assertThat(host.get("Host").asText()).isEqualTo(offered.get(i));
      assertThat(host.get("Score").isIntegralNumber()).isTrue();
      assertThat(host.get("Score").asInt()).isEqualTo(10 - i);
    }
    assertThat(body).contains("\"Score\":10");
  }

  private static void assertBind(RecordedCall call, HttpResponse<Buffer> response) {
    assertThat(response.bodyAsString()).isEqualTo("{\"Error\":\"\"}");
  }

  static List<String> offeredNames(RecordedCall call) {
    JsonNode names = call.request().get("NodeNames");
    if (names != null && !names.isNull()) {
      return names(names);
    }
    List<String> result = new ArrayList<>();
    call.request()
        .get("Nodes")
        .get("items")
        .forEach(n -> result.add(n.at("/metadata/name").asText()));
    return result;
  }

  static List<String> names(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asText()));
    return result;
  }

  static List<String> fieldNames(JsonNode object) {
    List<String> result = new ArrayList<>();
    object.fieldNames().forEachRemaining(result::add);
    return result;
  }
}
