package io.muster.extender.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muster.extender.api.ExtenderBackend;
import io.muster.extender.api.Inspector;
import io.muster.extender.api.Readiness;
import io.muster.extender.config.ExtenderConfig;
import io.muster.extender.metrics.ExtenderMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link ExtenderServer} on 127.0.0.1, ports chosen by the OS, plain HTTP, with a stub
 * backend; requests block the test thread (never an event loop) for at most 20 s.
 */
final class TestServer {
  static final ObjectMapper JSON = new ObjectMapper();

  final StubVerbs verbs = new StubVerbs();
  final ExtenderMetrics metrics = ExtenderMetrics.prometheus();
  volatile Readiness readiness = Readiness.always();
  volatile Inspector inspector =
      new Inspector() {
        @Override
        public Object gangs() {
          return Map.of("gangs", java.util.List.of());
        }

        @Override
        public Optional<Object> explain(String namespace, String pod) {
          return Optional.empty();
        }
      };
  final ExtenderServer server;
  final WebClient client;
  final WebClient opsClient;

  TestServer(Vertx vertx) {
    this(vertx, Map.of());
  }

  TestServer(Vertx vertx, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put(ExtenderConfig.TLS_MODE, "plain");
    all.put(ExtenderConfig.PORT, "0");
    all.put(ExtenderConfig.OPS_PORT, "0");
    all.put(ExtenderConfig.BIND_ADDRESS, "127.0.0.1");
    all.putAll(env);
    ExtenderConfig config = ExtenderConfig.fromEnv(all);
    Readiness delegatingReadiness =
        new Readiness() {
          @Override
          public boolean ready() {
            return readiness.ready();
          }

          @Override
          public String why() {
            return readiness.why();
          }
        };
    Inspector delegatingInspector =
        new Inspector() {
          @Override
          public Object gangs() {
            return inspector.gangs();
          }

          @Override
          public Optional<Object> explain(String namespace, String pod) {
            return inspector.explain(namespace, pod);
          }
        };
    server =
        new ExtenderServer(
            vertx,
            config,
            new ExtenderBackend(verbs, delegatingInspector, delegatingReadiness),
            metrics);
    await(server.start());
    client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    opsClient =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.opsPort()));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  HttpResponse<Buffer> post(String path, String body) {
    return await(
        client
            .post(path)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(body)));
  }

  HttpResponse<Buffer> post(String path, Buffer body) {
    return await(client.post(path).putHeader("Content-Type", "application/json").sendBuffer(body));
  }

  HttpResponse<Buffer> get(String path) {
    return await(client.get(path).send());
  }

  HttpResponse<Buffer> send(HttpMethod method, String path) {
    return await(client.request(method, path).send());
  }

  HttpResponse<Buffer> getOps(String path) {
    return await(opsClient.get(path).send());
  }

  static JsonNode json(HttpResponse<Buffer> response) {
    try {
      return JSON.readTree(response.bodyAsString());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.bodyAsString(), e);
    }
  }
}
