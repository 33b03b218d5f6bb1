package io.muster.extender.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.muster.extender.api.ExtenderBackend;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.Binder;
import io.muster.extender.cluster.ClusterCache;
import io.muster.extender.cluster.ClusterCacheConfig;
import io.muster.extender.cluster.ClusterWriter;
import io.muster.extender.cluster.ConfigMapSelection;
import io.muster.extender.cluster.EventRecorder;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodNudger;
import io.muster.extender.cluster.PodRecord;
import io.muster.extender.cluster.PodTrimmer;
import io.muster.extender.config.ExtenderConfig;
import io.muster.extender.http.ExtenderServer;
import io.muster.extender.metrics.ExtenderMetrics;
import io.muster.extender.persist.DecodeResult;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.persist.RecoveryReport;
import io.muster.extender.persist.ReservationCodec;
import io.muster.extender.persist.ReservationRecovery;
import io.muster.extender.persist.ReservationStore;
import io.muster.extender.persist.ReservationUpdater;
import io.muster.extender.policy.PolicyLoader;
import io.muster.extender.spark.GangInference;
import io.muster.extender.spark.PodRequests;
import io.muster.placement.ledger.GangLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One Muster replica wired as {@code ExtenderMain} wires it (real cluster cache and informers,
 * reservation store, recovery, nudger, binder, event recorder, policy loader, placement ledger,
 * coordinator, and the real HTTP server on 127.0.0.1, plain HTTP, port 0), against the given (mock)
 * API. Time is a {@link TestClock}; every wait is bounded.
 */
final class Harness implements AutoCloseable {
  static final String NS = "spark";
  static final String MUSTER_NS = "muster";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
  static final Duration BOUND = Duration.ofSeconds(20);

  final KubernetesClient client;
  final TestClock clock;
  final String writerId;
  final ExtenderMetrics metrics = ExtenderMetrics.prometheus();
  final GangLedger ledger = new GangLedger();
  final ReservationCodec codec = new ReservationCodec();
  final ClusterCache cache;
  final PodNudger nudger;
  final EventRecorder events;
  final PolicyLoader policies;
  final GangCoordinator coordinator;
  final Vertx vertx;
  final ExtenderServer server;
  final WebClient web;

  /** How to start a replica. */
  record Options(Duration configMapWait, String writerId, boolean recover) {
    static Options defaults() {
      return new Options(Duration.ofMillis(300), "muster-test-1", true);
    }

    Options configMapWait(Duration d) {
      return new Options(d, writerId, recover);
    }

    Options writer(String id) {
      return new Options(configMapWait, id, recover);
    }

    Options withoutRecovery() {
      return new Options(configMapWait, writerId, false);
    }
  }

  static Harness start(KubernetesClient client) {
    return new Harness(client, Options.defaults(), new TestClock());
  }

  static Harness start(KubernetesClient client, Options options) {
    return new Harness(client, options, new TestClock());
  }

  static Harness start(KubernetesClient client, Options options, TestClock clock) {
    return new Harness(client, options, clock);
  }

  private Harness(KubernetesClient client, Options options, TestClock clock) {
    this.client = client;
    this.clock = clock;
    this.writerId = options.writerId();
    Map<String, String> env = new HashMap<>();
    env.put(ExtenderConfig.TLS_MODE, "plain");
    env.put(ExtenderConfig.PORT, "0");
    env.put(ExtenderConfig.OPS_PORT, "0");
    env.put(ExtenderConfig.BIND_ADDRESS, "127.0.0.1");
    env.put(ExtenderConfig.NAMESPACE, MUSTER_NS);
    env.put(ExtenderConfig.CONFIGMAP_WAIT, options.configMapWait().toMillis() + "ms");
    ExtenderConfig config = ExtenderConfig.fromEnv(env);
    cache =
        new ClusterCache(
            client,
            new ClusterCacheConfig(
                new ConfigMapSelection(config.namespace(), config.policyConfigMap()),
                PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS,
                500,
                false),
            pod -> PodRequests.of(pod.getSpec()),
            clock);
    ClusterWriter writer = new ClusterWriter(client, WRITE_TIMEOUT);
    ReservationStore store = new ReservationStore(writer, codec, WRITE_TIMEOUT);
    events =
        new EventRecorder(
            writer,
            clock,
            Ticker.systemTicker(),
            new EventRecorder.Settings(Duration.ofMinutes(1), 16, writerId, WRITE_TIMEOUT));
    policies = new PolicyLoader(clock, result -> {});
    nudger = new PodNudger(writer, clock, 8, 10_000, WRITE_TIMEOUT);
    Collaborators collaborators =
        new Collaborators(
            ledger,
            cache,
            cache::health,
            new GangInference(Set.of(MusterAnnotations.RESERVATION, MusterAnnotations.NUDGE)),
            policies,
            store,
            new ReservationUpdater(store, o -> {}),
            events,
            nudger,
            new Binder(writer, Duration.ofSeconds(3)),
            metrics,
            clock);
    coordinator =
        GangCoordinator.create(
            collaborators,
            new CoordinatorSettings(writerId, config.configMapWait(), config.maxViewAge()),
            config.namespace(),
            config.policyConfigMap());
    cache.addListener(coordinator.listener());
    vertx = Vertx.vertx();
    server =
        new ExtenderServer(
            vertx,
            config,
            new ExtenderBackend(
                coordinator, coordinator.inspector(), coordinator.readiness(cache::hasSynced)),
            metrics);
    await(server.start());
    web =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    try {
      cache.start().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("cluster view did not sync: " + e, e);
    }
    policies.onConfigMapData(
        cache.configMap(config.namespace(), config.policyConfigMap()).map(cm -> cm.data()));
    if (options.recover()) {
      recover();
    }
  }

  /** What {@code ExtenderMain} does once the view synced. */
  void recover() {
    RecoveryReport report = new ReservationRecovery(codec).recover(cache);
    try {
      coordinator.recover(report).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("recovery did not complete: " + e, e);
    }
  }

  // ---- the API ---------------------------------------------------------------------------------

  Node node(Node n) {
    return client.nodes().resource(n).create();
  }

  Pod create(Pod p) {
    Pod created = client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).create();
    Await.until(
        "view shows pod " + p.getMetadata().getName(),
        () ->
            cache
                .pod(created.getMetadata().getNamespace(), created.getMetadata().getName())
                .map(r -> r.uid().equals(created.getMetadata().getUid()))
                .orElse(false),
        BOUND);
    return created;
  }

  Pod pod(String name) {
    return client.pods().inNamespace(NS).withName(name).get();
  }

  Optional<String> annotation(String pod, String key) {
    Pod p = pod(pod);
    if (p == null || p.getMetadata().getAnnotations() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(p.getMetadata().getAnnotations().get(key));
  }

  Optional<PersistedReservation> reservationOn(String pod) {
    return annotation(pod, MusterAnnotations.RESERVATION)
        .map(
            raw ->
                switch (codec.decode(raw)) {
                  case DecodeResult.Decoded d -> d.value();
                  case DecodeResult.Invalid i ->
                      throw new AssertionError("undecodable reservation on " + pod + ": " + i);
                });
  }

  List<Event> events(String pod, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** Waits until the cluster view shows {@code pod} bound to {@code node}. */
  void awaitBoundInView(String pod, String node) {
    Await.until(
        pod + " bound to " + node + " in the view",
        () -> cache.pod(NS, pod).flatMap(PodRecord::nodeName).map(node::equals).orElse(false),
        BOUND);
  }

  // ---- HTTP, as kube-scheduler calls it
  // ----------------------------------------------------------

  /** {@code POST /filter} with {@code nodeCacheCapable: true} (NodeNames only). */
  JsonNode filter(Pod pod, List<String> nodes) {
    ObjectNode args = JSON.createObjectNode();
    args.set("Pod", podJson(pod));
    ArrayNode names = args.putArray("NodeNames");
    nodes.forEach(names::add);
    return json(post("/filter", args.toString()));
  }

  /** {@code POST /filter} with {@code nodeCacheCapable: false} (full Node objects). */
  JsonNode filterWithNodes(Pod pod, List<Node> nodes) {
    ObjectNode args = JSON.createObjectNode();
    args.set("Pod", podJson(pod));
    ArrayNode items = args.putObject("Nodes").putArray("items");
    nodes.forEach(n -> items.add(tree(client.getKubernetesSerialization().asJson(n))));
    return json(post("/filter", args.toString()));
  }

  HttpResponse<Buffer> prioritizeRaw(Pod pod, List<String> nodes) {
    ObjectNode args = JSON.createObjectNode();
    args.set("Pod", podJson(pod));
    ArrayNode names = args.putArray("NodeNames");
    nodes.forEach(names::add);
    return post("/prioritize", args.toString());
  }

  JsonNode bind(Pod pod, String node) {
    ObjectNode args = JSON.createObjectNode();
    args.put("PodName", pod.getMetadata().getName());
    args.put("PodNamespace", pod.getMetadata().getNamespace());
    args.put("PodUID", pod.getMetadata().getUid());
    args.put("Node", node);
    return json(post("/bind", args.toString()));
  }

  JsonNode preempt(Pod pod, Map<String, List<String>> victimUidsByNode) {
    ObjectNode args = JSON.createObjectNode();
    args.set("Pod", podJson(pod));
    ObjectNode meta = args.putObject("NodeNameToMetaVictims");
    victimUidsByNode.forEach(
        (node, uids) -> {
          ObjectNode v = meta.putObject(node);
          ArrayNode pods = v.putArray("Pods");
          uids.forEach(u -> pods.addObject().put("UID", u));
          v.put("NumPDBViolations", 0);
        });
    return json(post("/preempt", args.toString()));
  }

  HttpResponse<Buffer> post(String path, String body) {
    return await(
        web.post(path)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(body)));
  }

  HttpResponse<Buffer> get(String path) {
    return await(web.get(path).send());
  }

  JsonNode podJson(Pod pod) {
    return tree(client.getKubernetesSerialization().asJson(pod));
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.bodyAsString());
    }
    return tree(response.bodyAsString());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** Stops this replica (server, coordinator, informers); the API and its objects stay. */
  @Override
  public void close() {
    await(server.stop());
    web.close();
    coordinator.close();
    cache.close();
    await(vertx.close());
  }
}
