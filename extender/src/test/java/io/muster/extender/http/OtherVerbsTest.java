package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.extender.api.BindVerdict;
import io.muster.extender.api.HostScore;
import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.PreemptVerdict;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Prioritize, bind and preempt: safety nets and failure answers, against a stub. */
@ExtendWith(VertxExtension.class)
class OtherVerbsTest {
  private static final String POD =
      "{\"metadata\":{\"name\":\"spark-abc123-exec-1\",\"namespace\":\"spark\",\"uid\":\"u-1\"}}";
  private static final String BIND =
      "{\"PodName\":\"spark-abc123-exec-1\",\"PodNamespace\":\"spark\",\"PodUID\":\"u-1\","
          + "\"Node\":\"node-3\"}";

  private TestServer t;

  @BeforeEach
  void start(Vertx vertx) {
    t = new TestServer(vertx);
  }

  @Test
  void prioritizeKeepsOfferedHostsOnceEach() {
    t.verbs.onPrioritize =
        (pod, nodes) ->
            StubVerbs.done(
                List.of(
                    new HostScore("node-2", 7),
                    new HostScore("node-9", 10),
                    new HostScore("node-2", 1),
                    new HostScore("node-1", 0)));

    HttpResponse<Buffer> response =
        t.post("/prioritize", FilterRouteTest.namesRequest().toString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString())
        .isEqualTo("[{\"Host\":\"node-2\",\"Score\":7},{\"Host\":\"node-1\",\"Score\":0}]");
  }

  @Test
  void prioritizeFailureIsNoOpinion() {
    t.verbs.onPrioritize = (pod, nodes) -> StubVerbs.failed(new IllegalStateException("x"));

    HttpResponse<Buffer> response =
        t.post("/prioritize", FilterRouteTest.namesRequest().toString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("[]");
  }

  @Test
  void anOutOfRangeScoreIsABugThatFailsFast() {
    t.verbs.onPrioritize =
        (pod, nodes) -> CompletableFuture.supplyAsync(() -> List.of(new HostScore("node-1", 11)));

    HttpResponse<Buffer> response =
        t.post("/prioritize", FilterRouteTest.namesRequest().toString());

    assertThat(response.bodyAsString()).isEqualTo("[]");
  }

  @Test
  void bindAnswersTheVerdictsError() {
    t.verbs.onBind =
        r -> StubVerbs.done(BindVerdict.failed("muster: slot on node-3 belongs to another gang"));

    HttpResponse<Buffer> response = t.post("/bind", BIND);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString())
        .isEqualTo("{\"Error\":\"muster: slot on node-3 belongs to another gang\"}");
  }

  @Test
  void bindFailureIsAnErrorAnswerWithHttp200() {
    t.verbs.onBind = r -> StubVerbs.failed(new RuntimeException("apiserver 500"));

    HttpResponse<Buffer> response = t.post("/bind", BIND);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(response).get("Error").asText())
        .matches("muster: bind failed \\(ref [0-9a-f]{8}, see the extender log\\)");
  }

  @Test
  void preemptWithMetaVictimsKeepsOnlyProposedNodesAndVictims() {
    t.verbs.onPreempt =
        r ->
            StubVerbs.done(
                new PreemptVerdict(
                    Map.of(
                        "node-1", List.of("v1", "v1", "stranger"),
                        "node-9", List.of("v9")),
                    Map.of()));
    String body =
        "{\"Pod\":"
            + POD
            + ",\"NodeNameToVictims\":null,\"NodeNameToMetaVictims\":{"
            + "\"node-1\":{\"Pods\":[{\"UID\":\"v1\"},{\"UID\":\"v2\"}],\"NumPDBViolations\":1},"
            + "\"node-2\":{\"Pods\":[{\"UID\":\"v3\"}],\"NumPDBViolations\":0}}}";

    HttpResponse<Buffer> response = t.post("/preempt", body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString())
        .isEqualTo(
            "{\"NodeNameToMetaVictims\":{\"node-1\":{\"Pods\":[{\"UID\":\"v1\"}],"
                + "\"NumPDBViolations\":1}}}");
    PreemptRequest asked = t.verbs.preemptCalls.get(0);
    assertThat(asked.victimUidsByNode())
        .containsExactly(
            Map.entry("node-1", List.of("v1", "v2")), Map.entry("node-2", List.of("v3")));
    assertThat(asked.pdbViolationsByNode()).containsEntry("node-1", 1L).containsEntry("node-2", 0L);
    assertThat(asked.pod().getMetadata().getName()).isEqualTo("spark-abc123-exec-1");
  }

  @Test
  void preemptWithFullVictimPodsAnswersUids() {
    String body =
        "{\"Pod\":"
            + POD
            + ",\"NodeNameToVictims\":{\"node-1\":{\"Pods\":[{\"metadata\":{\"name\":\"low\","
            + "\"namespace\":\"batch\",\"uid\":\"v7\"},\"spec\":{\"containers\":[{\"name\":\"c\","
            + "\"resources\":{\"requests\":{\"cpu\":\"500m\"}}}]}}],\"NumPDBViolations\":2}},"
            + "\"NodeNameToMetaVictims\":null}";

    HttpResponse<Buffer> response = t.post("/preempt", body);

    assertThat(response.bodyAsString())
        .isEqualTo(
            "{\"NodeNameToMetaVictims\":{\"node-1\":{\"Pods\":[{\"UID\":\"v7\"}],"
                + "\"NumPDBViolations\":2}}}");
  }

  @Test
  void preemptFailurePreemptsNothing() {
    t.verbs.onPreempt = r -> StubVerbs.failed(new IllegalStateException("cannot check gangs"));
    String body =
        "{\"Pod\":"
            + POD
            + ",\"NodeNameToMetaVictims\":{\"node-1\":{\"Pods\":[{\"UID\":\"v1\"}],"
            + "\"NumPDBViolations\":0}}}";

    HttpResponse<Buffer> response = t.post("/preempt", body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("{\"NodeNameToMetaVictims\":{}}");
  }

  @Test
  void preemptWithoutCandidatesDoesNotAskTheImplementation() {
    HttpResponse<Buffer> response =
        t.post("/preempt", "{\"Pod\":" + POD + ",\"NodeNameToMetaVictims\":{}}");

    assertThat(response.bodyAsString()).isEqualTo("{\"NodeNameToMetaVictims\":{}}");
    assertThat(t.verbs.preemptCalls).isEmpty();
  }

  @Test
  void everyVerbReplyIsJson() {
    JsonNode scores =
        TestServer.json(t.post("/prioritize", FilterRouteTest.namesRequest().toString()));
    JsonNode bind = TestServer.json(t.post("/bind", BIND));

    assertThat(scores.isArray()).isTrue();
    assertThat(bind.get("Error").asText()).isEmpty();
    assertThat(t.verbs.bindCalls.get(0).node()).isEqualTo("node-3");
  }
}
