package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.loadtest.protocol.Latencies.Role;
import io.muster.loadtest.protocol.Latencies.Verb;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls an extender the way kube-scheduler's {@code HTTPExtender} does: {@code POST
 * <prefix>/<verb>} with {@code Content-Type: application/json}, PascalCase top-level keys, only
 * HTTP 200 counts, and a per-call timeout (kube-scheduler's default 5 s). Every call's latency goes
 * to {@link Latencies}, errors included.
 */
final class ExtenderClient {
  /** The filter answer reduced to what kube-scheduler uses, or why the call failed. */
  record FilterReply(List<String> nodes, int failed, Optional<String> error) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final boolean nodeCacheCapable;
  private final Duration timeout;
  private final Latencies latencies;

  ExtenderClient(URI base, boolean nodeCacheCapable, Duration timeout, Latencies latencies) {
    this.base = base;
    this.nodeCacheCapable = nodeCacheCapable;
    this.timeout = timeout;
    this.latencies = latencies;
  }

  /** {@code ExtenderArgs} for filter and prioritize, in the configured mode. */
  ObjectNode args(ObjectNode pod, List<String> nodes, FeasibleNodes cluster) {
    ObjectNode args = json.createObjectNode();
    args.set("Pod", pod);
    if (nodeCacheCapable) {
      args.putNull("Nodes");
      ArrayNode names = args.putArray("NodeNames");
      nodes.forEach(names::add);
    } else {
      ArrayNode items = args.putObject("Nodes").putArray("items");
      nodes.forEach(n -> items.add(cluster.object(n)));
      args.putNull("NodeNames");
    }
    return args;
  }

  /** The bytes {@link #filter} would send. */
  byte[] encode(ObjectNode args) {
    try {
      return json.writeValueAsBytes(args);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  FilterReply filter(ObjectNode args, Role role) {
    Call call = post(Verb.FILTER, role, "filter", args);
    if (call.error.isPresent()) {
      return new FilterReply(List.of(), 0, call.error);
    }
    JsonNode body = call.body;
    String error = body.path("Error").asText("");
    if (!error.isEmpty()) {
      return new FilterReply(List.of(), 0, Optional.of("extender error: " + error));
    }
    List<String> nodes = new ArrayList<>();
    // kube-scheduler reads NodeNames in nodeCacheCapable mode and Nodes otherwise.
    if (nodeCacheCapable && body.path("NodeNames").isArray()) {
      body.path("NodeNames").forEach(n -> nodes.add(n.asText()));
    } else if (body.path("Nodes").path("items").isArray()) {
      body.path("Nodes")
          .path("items")
          .forEach(n -> nodes.add(n.path("metadata").path("name").asText()));
    }
    int failed = body.path("FailedNodes").size() + body.path("FailedAndUnresolvableNodes").size();
    return new FilterReply(nodes, failed, Optional.empty());
  }

  /** Host → score from a bare JSON array; empty on any error (kube-scheduler ignores those). */
  List<String> prioritizeBestFirst(ObjectNode args, Role role) {
    Call call = post(Verb.PRIORITIZE, role, "prioritize", args);
    List<String> best = new ArrayList<>();
    if (call.error.isPresent() || !call.body.isArray()) {
      return best;
    }
    long top = Long.MIN_VALUE;
    for (JsonNode hp : call.body) {
      long score = hp.path("Score").asLong();
      if (score > top) {
        top = score;
        best.clear();
      }
      if (score == top) {
        best.add(hp.path("Host").asText());
      }
    }
    return best;
  }

  Optional<String> bind(ObjectNode pod, String node, Role role) {
    ObjectNode args = json.createObjectNode();
    JsonNode meta = pod.path("metadata");
    args.put("PodName", meta.path("name").asText())
        .put("PodNamespace", meta.path("namespace").asText())
        .put("PodUID", meta.path("uid").asText())
        .put("Node", node);
    Call call = post(Verb.BIND, role, "bind", args);
    if (call.error.isPresent()) {
      return call.error;
    }
    String error = call.body.path("Error").asText("");
    return error.isEmpty() ? Optional.empty() : Optional.of("bind error: " + error);
  }

  private record Call(JsonNode body, Optional<String> error) {}

  private Call post(Verb verb, Role role, String path, JsonNode args) {
    long start = System.nanoTime();
    Call call;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + "/" + path))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(args)))
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      call =
          response.statusCode() == 200
              ? new Call(json.readTree(response.body()), Optional.empty())
              : new Call(null, Optional.of("failed " + path + ", code " + response.statusCode()));
    } catch (IOException e) {
      call = new Call(null, Optional.of(path + ": " + e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call = new Call(null, Optional.of(path + ": interrupted"));
    }
    latencies.record(verb, role, System.nanoTime() - start, call.error.isPresent());
    return call;
  }
}
