package io.muster.extender;

import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.muster.extender.api.ExtenderBackend;
import io.muster.extender.cluster.Binder;
import io.muster.extender.cluster.ClusterCache;
import io.muster.extender.cluster.ClusterCacheConfig;
import io.muster.extender.cluster.ClusterWriter;
import io.muster.extender.cluster.ConfigMapSelection;
import io.muster.extender.cluster.EventReason;
import io.muster.extender.cluster.EventRecorder;
import io.muster.extender.cluster.EventTarget;
import io.muster.extender.cluster.InformerSerialization;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodNudger;
import io.muster.extender.cluster.PodTrimmer;
import io.muster.extender.config.ConfigException;
import io.muster.extender.config.ExtenderConfig;
import io.muster.extender.http.ExtenderServer;
import io.muster.extender.metrics.ExtenderMetrics;
import io.muster.extender.persist.PersistResult;
import io.muster.extender.persist.ReservationCodec;
import io.muster.extender.persist.ReservationRecovery;
import io.muster.extender.persist.ReservationStore;
import io.muster.extender.persist.ReservationUpdater;
import io.muster.extender.policy.PolicyLoader;
import io.muster.extender.policy.ReloadResult;
import io.muster.extender.scheduling.Collaborators;
import io.muster.extender.scheduling.CoordinatorSettings;
import io.muster.extender.scheduling.GangCoordinator;
import io.muster.extender.scheduling.InformerMetrics;
import io.muster.extender.spark.GangInference;
import io.muster.extender.spark.PodRequests;
import io.muster.extender.tls.CryptoChoice;
import io.muster.extender.tls.Http2ApiClientFactory;
import io.muster.extender.tls.NativeCrypto;
import io.muster.placement.ledger.GangLedger;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root: the only place that builds infrastructure and wires the graph. */
public final class ExtenderMain {
  private static final Logger LOG = LoggerFactory.getLogger(ExtenderMain.class);

  /** Each API write is bounded well under kube-scheduler's 5 s extender timeout. */
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);

  private ExtenderMain() {}

  public static void main(String[] args) {
    ExtenderConfig config;
    try {
      config = ExtenderConfig.fromEnv(System.getenv());
    } catch (ConfigException e) {
      System.err.println("muster: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("starting Muster extender: {}", config.describe());
    CryptoChoice crypto =
        NativeCrypto.install(config.tlsCrypto() == ExtenderConfig.TlsCrypto.NATIVE);
    switch (crypto) {
      case CryptoChoice.Native n -> LOG.info("TLS crypto: {}", n.provider());
      case CryptoChoice.Jdk j when config.tlsCrypto() == ExtenderConfig.TlsCrypto.JDK ->
          LOG.info("TLS crypto: the JDK's ({})", j.reason());
      case CryptoChoice.Jdk j ->
          LOG.warn("TLS crypto: the JDK's, several times slower under C1 ({})", j.reason());
    }
    Clock clock = Clock.systemUTC();
    String writerId = writerId(clock);
    ExtenderMetrics metrics = ExtenderMetrics.prometheus();
    metrics.bindJvmMetrics();
    metrics.registerTlsCrypto(
        crypto instanceof CryptoChoice.Native
            ? ExtenderMetrics.TlsCrypto.NATIVE
            : ExtenderMetrics.TlsCrypto.JDK);
    Vertx vertx = Vertx.vertx();
    // Writes (bindings, events, reservation patches) come in concurrent bursts: HTTP/2, one
    // connection, instead of a TLS handshake per concurrent request. On the verbs' Vert.x, so that
    // a bind is sent and answered on the event loop that serves it.
    Config apiConfig = new ConfigBuilder().build();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(apiConfig)
            .withHttpClientFactory(
                Http2ApiClientFactory.forApiServer(apiConfig.getMasterUrl(), vertx))
            .build();
    // The informers get their own client whose decoding skips fields Muster never reads; it must
    // not write (its serialization would drop those fields), so writers keep fabric8's default
    // serialization.
    KubernetesClient informerClient =
        new KubernetesClientBuilder()
            .withKubernetesSerialization(InformerSerialization.create())
            .build();
    ClusterCache cache =
        new ClusterCache(
            informerClient,
            new ClusterCacheConfig(
                new ConfigMapSelection(config.namespace(), config.policyConfigMap()),
                PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS,
                500,
                true),
            pod -> PodRequests.of(pod.getSpec()),
            clock);
    ClusterWriter writer = new ClusterWriter(client, WRITE_TIMEOUT);
    ReservationCodec codec = new ReservationCodec();
    ReservationStore store = new ReservationStore(writer, codec, WRITE_TIMEOUT);
    EventRecorder events =
        new EventRecorder(
            writer,
            clock,
            Ticker.systemTicker(),
            new EventRecorder.Settings(Duration.ofMinutes(1), 16, writerId, WRITE_TIMEOUT));
    AtomicReference<String> policyUid = new AtomicReference<>("");
    PolicyLoader policies =
        new PolicyLoader(
            clock,
            result -> {
              metrics.policyReload(result.outcome() == ReloadResult.Outcome.APPLIED);
              if (result instanceof ReloadResult.Rejected r) {
                events.record(
                    EventTarget.configMap(
                        config.namespace(), config.policyConfigMap(), policyUid.get()),
                    EventReason.POLICY_REJECTED,
                    "policy edit rejected, last good policy stays: "
                        + String.join("; ", r.violations()));
              }
            });
    Collaborators collaborators =
        new Collaborators(
            new GangLedger(),
            cache,
            cache::health,
            new GangInference(Set.of(MusterAnnotations.RESERVATION, MusterAnnotations.NUDGE)),
            policies,
            store,
            new ReservationUpdater(store, o -> metrics.persist(metricOf(o.result()))),
            events,
            new PodNudger(writer, clock, 8, 10_000, WRITE_TIMEOUT),
            new Binder(writer, Duration.ofSeconds(3)),
            metrics,
            clock);
    GangCoordinator coordinator =
        GangCoordinator.create(
            collaborators,
            new CoordinatorSettings(
                writerId,
                config.configMapWait(),
                config.maxViewAge(),
                config.reservationWrite() == ExtenderConfig.ReservationWrite.BIND),
            config.namespace(),
            config.policyConfigMap());
    cache.addListener(coordinator.listener());
    cache.addListener(new InformerMetrics(metrics, clock));
    metrics.registerSnapshotGeneration(cache::generation);
    coordinator.registerGauges(metrics);

    ExtenderServer server =
        new ExtenderServer(
            vertx,
            config,
            new ExtenderBackend(
                coordinator, coordinator.inspector(), coordinator.readiness(cache::hasSynced)),
            metrics);
    server
        .start()
        .onFailure(
            e -> {
              LOG.error("cannot serve on {}:{}", config.bindAddress(), config.port(), e);
              System.exit(1);
            })
        .onSuccess(
            v -> LOG.info("serving on port {} (ops port {})", server.port(), server.opsPort()));

    cache
        .start()
        .thenRun(
            () -> {
              policies.onConfigMapData(
                  cache
                      .configMap(config.namespace(), config.policyConfigMap())
                      .map(
                          cm -> {
                            policyUid.set(cm.uid());
                            return cm.data();
                          }));
              coordinator.recover(new ReservationRecovery(codec).recover(cache));
              LOG.info(
                  "cluster view synced (generation {}); reservations recovered",
                  cache.generation());
            })
        .exceptionally(
            e -> {
              LOG.error("cluster view failed to start", e);
              return null;
            });

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  server.stop();
                  coordinator.close();
                  cache.close();
                  informerClient.close();
                  client.close();
                  vertx.close();
                },
                "muster-shutdown"));
  }

  private static ExtenderMetrics.PersistResult metricOf(PersistResult r) {
    return switch (r) {
      case PersistResult.Written w -> ExtenderMetrics.PersistResult.OK;
      case PersistResult.Conflict c -> ExtenderMetrics.PersistResult.CONFLICT;
      default -> ExtenderMetrics.PersistResult.ERROR;
    };
  }

  /** Unique per running replica: a stale replica's writes are told apart from the leader's. */
  private static String writerId(Clock clock) {
    String host = System.getenv().getOrDefault("POD_NAME", "");
    if (host.isEmpty()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "muster";
      }
    }
    return host + "-" + clock.millis();
  }
}
