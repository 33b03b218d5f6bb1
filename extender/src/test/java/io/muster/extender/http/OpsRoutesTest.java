package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.extender.api.Inspector;
import io.muster.extender.api.Readiness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health, readiness, metrics and the operator views, on both ports. */
@ExtendWith(VertxExtension.class)
class OpsRoutesTest {
  record Gang(
      String id, Instant created, Map<String, String> sparkProperties, Optional<String> note) {}

  record Why(String pod, String reason) {}

  private TestServer t;

  @BeforeEach
  void start(Vertx vertx) {
    t = new TestServer(vertx);
  }

  @Test
  void healthzIsAlwaysOk() {
    HttpResponse<Buffer> main = t.get("/healthz");
    HttpResponse<Buffer> ops = t.getOps("/healthz");

    assertThat(main.statusCode()).isEqualTo(200);
    assertThat(main.bodyAsString()).isEqualTo("ok\n");
    assertThat(ops.statusCode()).isEqualTo(200);
  }

  @Test
  void readyzIs503WithTheReasonUntilReady() {
    boolean[] ready = {false};
    t.readiness =
        new Readiness() {
          @Override
          public boolean ready() {
            return ready[0];
          }

          @Override
          public String why() {
            return "informers not synced: pods";
          }
        };

    HttpResponse<Buffer> before = t.getOps("/readyz");
    ready[0] = true;
    HttpResponse<Buffer> after = t.get("/readyz");

    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.bodyAsString()).isEqualTo("not ready: informers not synced: pods\n");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.bodyAsString()).isEqualTo("ready\n");
  }

  @Test
  void aThrowingReadinessCheckIsNotReady() {
    t.readiness =
        new Readiness() {
          @Override
          public boolean ready() {
            throw new IllegalStateException("boom");
          }

          @Override
          public String why() {
            return "unused";
          }
        };

    HttpResponse<Buffer> response = t.get("/readyz");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsString()).isEqualTo("not ready: readiness check failed\n");
  }

  @Test
  void metricsArePrometheusTextOnBothPorts() {
    t.post("/filter", FilterRouteTest.namesRequest().toString());

    HttpResponse<Buffer> main = t.get("/metrics");
    HttpResponse<Buffer> ops = t.getOps("/metrics");

    for (HttpResponse<Buffer> response : List.of(main, ops)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type"))
          .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      assertThat(response.bodyAsString())
          .contains("# TYPE muster_verb_duration_seconds histogram")
          .contains(
              "muster_verb_duration_seconds_bucket{result=\"ok\",verb=\"filter\",le=\"0.005\"}");
    }
  }

  @Test
  void theOpsPortServesNoVerbsAndNoOperatorViews() {
    assertThat(t.getOps("/debug/gangs").statusCode()).isEqualTo(404);
    assertThat(t.getOps("/explain/spark/p").statusCode()).isEqualTo(404);
    assertThat(
            TestServer.await(
                    t.opsClient
                        .post("/filter")
                        .sendBuffer(Buffer.buffer(FilterRouteTest.namesRequest().toString())))
                .statusCode())
        .isEqualTo(404);
    assertThat(t.verbs.filterCalls).isEmpty();
  }

  @Test
  void debugGangsIsJsonWithSecretsRedacted() {
    t.inspector =
        inspector(
            Map.of(
                "gangs",
                List.of(
                    new Gang(
                        "spark/spark-abc123",
                        Instant.parse("2026-11-21T05:04:57Z"),
                        Map.of(
                            "spark.executor.instances", "2",
                            "spark.hadoop.fs.s3a.secret.key", "AKIAEXAMPLESECRET",
                            "spark.hadoop.fs.s3a.access.key", "AKIAEXAMPLEACCESS"),
                        Optional.of("--conf spark.authenticate.secret=hunter2 was passed")))),
            Optional.empty());

    HttpResponse<Buffer> response = t.get("/debug/gangs");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    String body = response.bodyAsString();
    assertThat(body)
        .contains("\"id\":\"spark/spark-abc123\"")
        .contains("\"created\":\"2026-11-21T05:04:57Z\"")
        .contains("\"spark.executor.instances\":\"2\"")
        .contains("\"spark.hadoop.fs.s3a.secret.key\":\"<redacted>\"")
        .contains("\"spark.hadoop.fs.s3a.access.key\":\"<redacted>\"")
        .contains("spark.authenticate.secret=<redacted> was passed")
        .doesNotContain("AKIA", "hunter2");
  }

  @Test
  void explainAnswersWhatTheInspectorKnows() {
    t.inspector =
        inspector(Map.of(), Optional.of(new Why("spark/spark-abc123-exec-1", "waiting: gang")));

    HttpResponse<Buffer> response = t.get("/explain/spark/spark-abc123-exec-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString())
        .isEqualTo("{\"pod\":\"spark/spark-abc123-exec-1\",\"reason\":\"waiting: gang\"}");
  }

  @Test
  void explainOfAnUnknownPodIs404WithAMessage() {
    HttpResponse<Buffer> response = t.get("/explain/spark/nobody");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsString())
        .isEqualTo("{\"Error\":\"muster knows no pod spark/nobody\"}");
  }

  @Test
  void explainRefusesNamesThatAreNotKubernetesNames() {
    HttpResponse<Buffer> response = t.get("/explain/Spark_NS/pod");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsString()).isEqualTo("{\"Error\":\"not a valid namespace/pod name\"}");
  }

  @Test
  void aFailingInspectorIs500WithAReferenceAndNoStackTrace() {
    t.inspector =
        new Inspector() {
          @Override
          public Object gangs() {
            throw new IllegalStateException("ledger corrupted: token=abc");
          }

          @Override
          public Optional<Object> explain(String namespace, String pod) {
            return Optional.empty();
          }
        };

    HttpResponse<Buffer> response = t.get("/debug/gangs");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.bodyAsString())
        .matches(
            "\\{\"Error\":\"muster: internal error \\(ref [0-9a-f]{8}, see the extender log\\)\"}");
    BadInputTest.assertNoStackTrace(response);
  }

  @Test
  void unknownPathsAre404OnBothPorts() {
    assertThat(t.get("/nope").bodyAsString()).isEqualTo("{\"Error\":\"no such endpoint: /nope\"}");
    assertThat(t.getOps("/nope").statusCode()).isEqualTo(404);
  }

  private static Inspector inspector(Object gangs, Optional<Object> why) {
    return new Inspector() {
      @Override
      public Object gangs() {
        return gangs;
      }

      @Override
      public Optional<Object> explain(String namespace, String pod) {
        return why;
      }
    };
  }
}
