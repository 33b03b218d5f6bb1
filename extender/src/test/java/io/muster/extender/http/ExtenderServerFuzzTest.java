package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.BindRequest;
import io.muster.extender.api.BindVerdict;
import io.muster.extender.api.ExtenderBackend;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.api.HostScore;
import io.muster.extender.api.Inspector;
import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.PreemptVerdict;
import io.muster.extender.api.Readiness;
import io.muster.extender.api.SchedulerVerbs;
import io.muster.extender.config.ExtenderConfig;
import io.muster.extender.metrics.ExtenderMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/**
 * Any body, POSTed to every verb of a real {@link ExtenderServer} (plain HTTP on 127.0.0.1, a port
 * the OS picks, a 12 KiB body cap) whose scheduling logic answers at once but carelessly (foreign
 * nodes, contradictions, repeats): each answer is 200, 400 or 413 with a JSON body in the shape the
 * verb's caller decodes, within 10 s. Never a 500, never a hang. Seeds: as {@link
 * WireCodecFuzzTest}, plus a body over the cap.
 */
class ExtenderServerFuzzTest {
  private static final int BODY_LIMIT = 12 << 10;
  private static final Set<Integer> ANSWERS = Set.of(200, 400, 413);

  /** Started on first use: the fuzzer calls the test method many times in one JVM. */
  private static final class Running {
    static final Vertx VERTX = Vertx.vertx();
    static final ExtenderServer SERVER = start();
    static final WebClient CLIENT =
        WebClient.create(
            VERTX,
            new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(SERVER.port())
                .setMaxPoolSize(1));

    private static ExtenderServer start() {
      ExtenderConfig config =
          ExtenderConfig.fromEnv(
              Map.of(
                  ExtenderConfig.TLS_MODE, "plain",
                  ExtenderConfig.PORT, "0",
                  ExtenderConfig.OPS_PORT, "0",
                  ExtenderConfig.BIND_ADDRESS, "127.0.0.1",
                  ExtenderConfig.MAX_BODY_BYTES, Integer.toString(BODY_LIMIT)));
      ExtenderServer server =
          new ExtenderServer(
              VERTX,
              config,
              new ExtenderBackend(new CarelessVerbs(), new NoInspector(), Readiness.always()),
              ExtenderMetrics.prometheus());
      TestServer.await(server.start());
      return server;
    }
  }

  @AfterAll
  static void stop() {
    TestServer.await(Running.VERTX.close());
  }

  @FuzzTest
  @DictionaryEntries({
    "\"Pod\":",
    "\"Nodes\":",
    "\"NodeNames\":",
    "\"items\":",
    "\"metadata\":",
    "\"name\":",
    "\"PodName\":",
    "\"PodNamespace\":",
    "\"PodUID\":",
    "\"Node\":",
    "\"NodeNameToVictims\":",
    "\"NodeNameToMetaVictims\":",
    "\"Pods\":",
    "\"UID\":",
    "null"
  })
  void everyRoute(byte[] input) {
    Buffer body = Buffer.buffer(input);
    for (String verb : ServerRoutes.VERBS) {
      HttpResponse<Buffer> response = post("/" + verb, body);
      assertThat(response.statusCode()).as("/%s status", verb).isIn(ANSWERS);
      assertThat(response.getHeader("Content-Type")).isEqualTo(Replies.JSON);
      JsonNode json = json(response);
      if (response.statusCode() != 200) {
        WireCodecFuzzTest.checkErrorText(
            json.get("Error").textValue(), new String(input, StandardCharsets.UTF_8));
      } else {
        checkAnswer(verb, json);
      }
    }
  }

  /** The shape kube-scheduler decodes for each verb (an error answer is a 200 too). */
  private static void checkAnswer(String verb, JsonNode json) {
    switch (verb) {
      case "filter" -> {
        assertThat(json.isObject()).isTrue();
        assertThat(json.get("FailedNodes").isObject()).isTrue();
        assertThat(json.get("FailedAndUnresolvableNodes").isObject()).isTrue();
        assertThat(json.has("NodeNames") || json.has("Nodes")).isTrue();
      }
      case "prioritize" ->
          json.forEach(h -> assertThat(h.get("Score").isIntegralNumber()).isTrue());
      case "bind" -> assertThat(json.get("Error").isTextual()).isTrue();
      case "preempt" -> assertThat(json.get("NodeNameToMetaVictims").isObject()).isTrue();
      default -> throw new AssertionError("unknown verb " + verb);
    }
  }

  private static HttpResponse<Buffer> post(String path, Buffer body) {
    try {
      return Running.CLIENT
          .post(path)
          .putHeader("Content-Type", "application/json")
          .sendBuffer(body)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("POST " + path + " got no answer within 10 s: " + e, e);
    }
  }

  private static JsonNode json(HttpResponse<Buffer> response) {
    try {
      return TestServer.JSON.readTree(response.body().getBytes());
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("not JSON: " + response.bodyAsString(), e);
    }
  }

  /**
   * Answers at once, but like buggy scheduling logic might: passes a node it was not offered and
   * one it also fails, scores a host twice and one not offered, proposes an extra victim.
   */
  private static final class CarelessVerbs implements SchedulerVerbs {
    @Override
    public CompletionStage<FilterVerdict> filter(Pod pod, List<String> nodeNames) {
      List<String> passed = new ArrayList<>(nodeNames.subList(0, (nodeNames.size() + 1) / 2));
      passed.add("node-not-offered");
      Map<String, String> failed = new LinkedHashMap<>();
      failed.put(nodeNames.get(0), "no room");
      return CompletableFuture.completedFuture(new FilterVerdict(passed, failed, Map.of()));
    }

    @Override
    public CompletionStage<List<HostScore>> prioritize(Pod pod, List<String> nodeNames) {
      List<HostScore> scores = new ArrayList<>();
      nodeNames.forEach(n -> scores.add(new HostScore(n, 7)));
      scores.add(new HostScore(nodeNames.get(0), 1));
      scores.add(new HostScore("node-not-offered", 10));
      return CompletableFuture.completedFuture(scores);
    }

    @Override
    public CompletionStage<BindVerdict> bind(BindRequest request) {
      return CompletableFuture.completedFuture(
          request.podName().length() % 2 == 0 ? BindVerdict.ok() : BindVerdict.failed("taken"));
    }

    @Override
    public CompletionStage<PreemptVerdict> preempt(PreemptRequest request) {
      Map<String, List<String>> victims = new LinkedHashMap<>(request.victimUidsByNode());
      victims.put("node-not-proposed", List.of("uid-x"));
      return CompletableFuture.completedFuture(new PreemptVerdict(victims, Map.of()));
    }
  }

  private static final class NoInspector implements Inspector {
    @Override
    public Object gangs() {
      return Map.of();
    }

    @Override
    public Optional<Object> explain(String namespace, String pod) {
      return Optional.empty();
    }
  }
}
