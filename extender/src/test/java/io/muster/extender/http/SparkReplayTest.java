package io.muster.extender.http;

import static io.muster.extender.http.WireReplayTest.fieldNames;
import static io.muster.extender.http.WireReplayTest.names;
import static io.muster.extender.http.WireReplayTest.offeredNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the calls a real kube-scheduler made for pods that Spark 4.0.1 created itself (drivers,
 * executors, pod templates, dynamic allocation, client mode): every one decodes, reaches the
 * implementation with its resources intact, and gets an answer of the right shape.
 */
@ExtendWith(VertxExtension.class)
class SparkReplayTest {
  private TestServer t;

  @BeforeEach
  void start(Vertx vertx) {
    t = new TestServer(vertx); // the stub passes every node, as the recording extender did
  }

  static List<RecordedCall> calls() {
    return RecordedCall.spark();
  }

  @Test
  void everyRecordedSparkCallIsReplayed() {
    assertThat(calls()).hasSize(64);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void sparkMadePodsDecodeAndAreAnswered(RecordedCall call) {
    HttpRequest<Buffer> request = t.client.post(call.path());
    call.headers().forEach(request::putHeader);

    HttpResponse<Buffer> response =
        TestServer.await(request.sendBuffer(Buffer.buffer(call.request().toString())));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = TestServer.json(response);
    switch (call.verb()) {
      case "filter" -> {
        assertThat(fieldNames(reply))
            .containsExactly(
                "Nodes", "NodeNames", "FailedNodes", "FailedAndUnresolvableNodes", "Error");
        assertThat(names(reply.get("NodeNames"))).isEqualTo(offeredNames(call));
        // Every node passes, so none is listed as failed (they are read only when none passes).
        assertThat(fieldNames(reply.get("FailedNodes"))).isEmpty();
        assertThat(fieldNames(reply.get("FailedAndUnresolvableNodes"))).isEmpty();
        assertPodArrivedIntact(call, t.verbs.filterCalls.get(0).pod());
      }
      case "prioritize" -> {
        assertThat(reply.isArray()).isTrue();
        reply.forEach(h -> assertThat(h.get("Score").isIntegralNumber()).isTrue());
        assertPodArrivedIntact(call, t.verbs.prioritizeCalls.get(0).pod());
      }
      case "bind" -> {
        assertThat(response.bodyAsString()).isEqualTo("{\"Error\":\"\"}");
        assertThat(t.verbs.bindCalls.get(0).podUid())
            .isEqualTo(call.request().get("PodUID").asText());
      }
      default -> throw new AssertionError("unexpected verb " + call.verb());
    }
  }

  private static void assertPodArrivedIntact(RecordedCall call, Pod pod) {
    JsonNode sent = call.request().get("Pod");
    assertThat(pod.getMetadata().getName()).isEqualTo(sent.at("/metadata/name").asText());
    assertThat(pod.getMetadata().getLabels().get("spark-app-selector"))
        .isEqualTo(sent.at("/metadata/labels/spark-app-selector").asText())
        .startsWith("spark-");
    Container first = pod.getSpec().getContainers().get(0);
    Quantity memory = first.getResources().getRequests().get("memory");
    assertThat(memory.getNumericalAmount())
        .isEqualByComparingTo(
            new Quantity(sent.at("/spec/containers/0/resources/requests/memory").asText())
                .getNumericalAmount());
    assertThat(pod.getSpec().getVolumes()).hasSameSizeAs(names(sent.at("/spec/volumes")));
  }
}
