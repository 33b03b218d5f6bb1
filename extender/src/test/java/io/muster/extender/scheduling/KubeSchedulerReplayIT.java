package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.cluster.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays, in order, every request a real kube-scheduler v1.26.1 sent (both nodeCacheCapable modes,
 * {@code src/test/resources/wire/kube-scheduler/}) through the real coordinator, with the recorded
 * pods and nodes in the mock API, and asserts the exact answers.
 *
 * <p>What Muster must answer for these pods: they carry Spark's labels but were written by hand,
 * with no {@code spark-conf-volume-driver} ConfigMap, no SparkApplication and no gang annotations
 * Muster reads ({@code example.com/gang-size} is not one). So the driver's gang cannot be learned:
 * it is scheduled alone (every offered node passes) with a DriverScheduledAlone event and scores 0
 * (Muster holds no gang, so it has no preference). Its executors, whose driver runs without a gang,
 * are scheduled individually: every node passes, and prioritize scores each node by the default
 * policy (tightly-pack, shuffle weight 5) and closeness to the application's bound executors.
 */
@EnableKubernetesMockClient(crud = true)
class KubeSchedulerReplayIT {
  private static final Pattern FRACTION = Pattern.compile("\"Score\":\\s*-?\\d+\\.");
  private static final String DRIVER = "spark-abc123-driver";

  /**
   * Expected scores by host, per prioritize call. Nodes are 8 CPU / 32 Gi; the driver (1 CPU, 2 Gi)
   * and the executors (2 CPU, 4 Gi) bind to node-3. Score = round((5 × base + 5 × near) / 10), base
   * = round(10 × CPU share after placing), near = 10 on a node with a bound executor of the
   * application. exec-1: node-3 base round(3.75) = 4 → 2, others base round(2.5) = 3 → 2. exec-2:
   * node-3 base round(6.25) = 6, near 10 → 8; others 2.
   */
  private static final Map<String, Map<String, Integer>> SCORES =
      Map.of(
          "02-prioritize-spark-abc123-driver.json",
          Map.of("node-1", 0, "node-2", 0, "node-3", 0),
          "05-prioritize-spark-abc123-exec-1.json",
          Map.of("node-1", 2, "node-2", 2, "node-3", 2),
          "08-prioritize-spark-abc123-exec-2.json",
          Map.of("node-1", 2, "node-2", 2, "node-3", 8));

  KubernetesClient client;
  KubernetesMockServer server;

  private Harness muster;
  private ApiBindings bindings;

  @BeforeEach
  void start() {
    try (InputStream in = getClass().getResourceAsStream("/wire/kube-scheduler/nodes.yaml")) {
      for (HasMetadata node : client.load(in).items()) {
        client.resource(node).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bindings = new ApiBindings(server, client);
    muster = Harness.start(client);
  }

  @AfterEach
  void stop() {
    muster.close();
    bindings.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nodecache-true", "nodecache-false"})
  void everyRecordedCallGetsTheAnswerMusterOwesIt(String mode) {
    List<Path> calls = calls(mode);
    assertThat(calls).hasSize(9);
    for (Path file : calls) {
      String name = file.getFileName().toString();
      JsonNode call = Harness.tree(read(file));
      JsonNode request = call.get("request");
      String verb = call.get("verb").asText();
      if (request.has("Pod")) {
        ensureInApi(request.get("Pod"));
      }
      HttpResponse<Buffer> response = muster.post(call.get("path").asText(), request.toString());
      assertThat(response.statusCode()).as(name).isEqualTo(200);
      switch (verb) {
        case "filter" -> assertPassesEveryOfferedNode(name, request, Harness.json(response));
        case "prioritize" -> assertScores(name, request, response);
        case "bind" -> {
          assertThat(response.bodyAsString()).as(name).isEqualTo("{\"Error\":\"\"}");
          String pod = request.get("PodName").asText();
          String node = request.get("Node").asText();
          Await.until(
              pod + " bound in the API",
              () -> node.equals(muster.pod(pod).getSpec().getNodeName()));
          muster.awaitBoundInView(pod, node);
        }
        default -> throw new AssertionError("unexpected verb " + verb + " in " + name);
      }
    }

    // The driver was scheduled alone, and said so; Muster wrote nothing else and holds no gang.
    Await.until(
        "DriverScheduledAlone event",
        () -> !muster.events(DRIVER, "DriverScheduledAlone").isEmpty());
    assertThat(muster.events(DRIVER, "DriverScheduledAlone").get(0).getMessage())
        .contains("no gang description");
    assertThat(muster.annotation(DRIVER, "muster.io/reservation")).isEmpty();
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.gangs())).isEmpty();
    assertThat(bindings.received)
        .extracting(ApiBindings.Received::node)
        .containsExactly("node-3", "node-3", "node-3");
  }

  private void assertPassesEveryOfferedNode(String name, JsonNode request, JsonNode reply) {
    List<String> offered = offered(request);
    assertThat(reply.get("Error").asText()).as(name).isEmpty();
    assertThat(fieldNames(reply.get("FailedNodes"))).as(name).isEmpty();
    assertThat(fieldNames(reply.get("FailedAndUnresolvableNodes"))).as(name).isEmpty();
    if (request.has("NodeNames") && !request.get("NodeNames").isNull()) {
      assertThat(reply.get("Nodes").isNull()).as(name).isTrue();
      assertThat(texts(reply.get("NodeNames"))).as(name).containsExactlyElementsOf(offered);
    } else {
      assertThat(reply.get("NodeNames").isNull()).as(name).isTrue();
      // the very Node objects kube-scheduler sent, in its order
      assertThat(reply.at("/Nodes/items")).as(name).isEqualTo(request.at("/Nodes/items"));
    }
  }

  private void assertScores(String name, JsonNode request, HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    assertThat(FRACTION.matcher(body).find()).as("integer scores in %s", body).isFalse();
    JsonNode reply = Harness.json(response);
    assertThat(reply.isArray()).isTrue();
    Map<String, Integer> got = new LinkedHashMap<>();
    for (JsonNode h : reply) {
      assertThat(fieldNames(h)).containsExactly("Host", "Score");
      assertThat(h.get("Score").isInt()).isTrue();
      got.put(h.get("Host").asText(), h.get("Score").asInt());
    }
    assertThat(List.copyOf(got.keySet())).as(name).containsExactlyElementsOf(offered(request));
    assertThat(got).as(name).isEqualTo(SCORES.get(name));
  }

  /** Creates the pod as kube-apiserver held it when kube-scheduler asked (unbound, no status). */
  private void ensureInApi(JsonNode sent) {
    String name = sent.at("/metadata/name").asText();
    if (muster.pod(name) != null) {
      return;
    }
    Pod pod = client.getKubernetesSerialization().unmarshal(sent.toString(), Pod.class);
    pod.getMetadata().setUid(null);
    pod.getMetadata().setResourceVersion(null);
    pod.getMetadata().setCreationTimestamp(null);
    pod.getMetadata().setManagedFields(null);
    pod.getSpec().setNodeName(null);
    pod.setStatus(null);
    muster.create(pod);
    bindings.allow(NS, name);
  }

  static List<String> offered(JsonNode request) {
    JsonNode names = request.get("NodeNames");
    if (names != null && !names.isNull()) {
      return texts(names);
    }
    List<String> out = new ArrayList<>();
    request.at("/Nodes/items").forEach(n -> out.add(n.at("/metadata/name").asText()));
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> fieldNames(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<Path> calls(String mode) {
    try (Stream<Path> files =
        Files.list(
            Path.of(
                KubeSchedulerReplayIT.class.getResource("/wire/kube-scheduler/" + mode).toURI()))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
