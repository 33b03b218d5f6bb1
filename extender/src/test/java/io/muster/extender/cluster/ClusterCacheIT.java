package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterCacheIT {
  private static final long GI = 1L << 30;

  KubernetesMockServer server;
  KubernetesClient client;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private ClusterCache cache;

  private ClusterCache start() throws Exception {
    cache =
        new ClusterCache(client, ClusterCacheConfig.defaults("muster"), TestPods::requests, clock);
    cache.addListener(
        new ClusterListener() {
          @Override
          public void podChanged(Optional<PodRecord> previous, PodRecord current) {
            heard.add("pod " + current.name() + (previous.isEmpty() ? " added" : " changed"));
          }

          @Override
          public void podDeleted(PodRecord last) {
            heard.add("pod " + last.name() + " deleted");
          }

          @Override
          public void nodeChanged(Optional<NodeState> previous, Optional<NodeState> current) {
            heard.add("node " + current.or(() -> previous).orElseThrow().name());
          }

          @Override
          public void configMapChanged(ConfigMapRecord current) {
            heard.add("configmap " + current.name());
          }

          @Override
          public void synced() {
            heard.add("synced");
          }
        });
    cache.start().get(20, TimeUnit.SECONDS);
    return cache;
  }

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
  }

  private Resources requested(String node) {
    NodeState n = cache.snapshot().nodes().get(node);
    return n == null ? null : n.requested();
  }

  @Test
  void initialListIsInTheViewWhenStartCompletes() throws Exception {
    client.nodes().resource(TestPods.node("n1", "8", "32Gi")).create();
    client
        .pods()
        .inNamespace("ns")
        .resource(TestPods.pod("ns", "a").node("n1").requests("2", "4Gi").build())
        .create();
    client
        .pods()
        .inNamespace("ns")
        .resource(TestPods.pod("ns", "b").requests("1", "1Gi").build())
        .create();

    start();

    // No waiting: the item store applied every listed object before the informers synced.
    assertThat(cache.hasSynced()).isTrue();
    assertThat(requested("n1")).isEqualTo(Resources.of(2000, 4 * GI, 1));
    assertThat(cache.pod("ns", "b")).isPresent();
    assertThat(heard).contains("pod a added", "pod b added", "node n1").endsWith("synced");
  }

  @Test
  void perNodeRequestsFollowAddBindTerminateAndDelete() throws Exception {
    client.nodes().resource(TestPods.node("n1", "8", "32Gi")).create();
    client.nodes().resource(TestPods.node("n2", "8", "32Gi")).create();
    start();
    long gen0 = cache.snapshot().generation();

    Pod pending = TestPods.pod("ns", "e1").app("spark-1").executor().requests("2", "4Gi").build();
    client.pods().inNamespace("ns").resource(pending).create();
    Await.until("pending pod seen", () -> cache.pod("ns", "e1").isPresent());
    assertThat(requested("n1")).isEqualTo(Resources.ZERO);

    // Bind it (as a binding would: spec.nodeName set).
    client
        .pods()
        .inNamespace("ns")
        .withName("e1")
        .edit(
            p -> {
              p.getSpec().setNodeName("n1");
              return p;
            });
    Await.until("bound pod counted", () -> Resources.of(2000, 4 * GI, 1).equals(requested("n1")));
    assertThat(cache.snapshot().generation()).isGreaterThan(gen0);

    client
        .pods()
        .inNamespace("ns")
        .resource(
            TestPods.pod("ns", "e2")
                .app("spark-1")
                .executor()
                .node("n1")
                .requests("1", "1Gi")
                .build())
        .create();
    Await.until("second pod counted", () -> Resources.of(3000, 5 * GI, 2).equals(requested("n1")));

    // Terminate e1: it stops counting but is still visible.
    client
        .pods()
        .inNamespace("ns")
        .withName("e1")
        .editStatus(
            p -> {
              p.getStatus().setPhase("Succeeded");
              return p;
            });
    Await.until("finished pod uncounted", () -> Resources.of(1000, GI, 1).equals(requested("n1")));
    assertThat(cache.pod("ns", "e1")).get().extracting(PodRecord::terminated).isEqualTo(true);

    client.pods().inNamespace("ns").withName("e2").delete();
    Await.until("deleted pod uncounted", () -> Resources.ZERO.equals(requested("n1")));
    Await.until("deletion heard", () -> heard.contains("pod e2 deleted"));
    assertThat(cache.podsOfApp("ns", "spark-1")).extracting(PodRecord::name).containsExactly("e1");
  }

  @Test
  void podsOfEverySchedulerCount() throws Exception {
    client.nodes().resource(TestPods.node("n1", "8", "32Gi")).create();
    Pod other = TestPods.pod("kube-system", "dns").node("n1").requests("100m", "70Mi").build();
    other.getSpec().setSchedulerName("default-scheduler");
    client.pods().inNamespace("kube-system").resource(other).create();
    start();
    assertThat(requested("n1")).isEqualTo(Resources.of(100, 70L << 20, 1));
  }

  @Test
  void keepsOnlySelectedConfigMapsTrimmedToTheirKeys() throws Exception {
    client
        .configMaps()
        .inNamespace("spark")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("spark-drv-041afca1fc958405-conf-map")
                .withNamespace("spark")
                .endMetadata()
                .withData(
                    Map.of(
                        "spark.properties",
                        "spark.executor.instances=4",
                        "spark.kubernetes.namespace",
                        "spark"))
                .build())
        .create();
    client
        .configMaps()
        .inNamespace("spark")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withNamespace("spark")
                .endMetadata()
                .withData(Map.of("big", "x".repeat(10_000)))
                .build())
        .create();
    start();

    assertThat(cache.configMap("spark", "spark-drv-041afca1fc958405-conf-map"))
        .get()
        .extracting(ConfigMapRecord::data)
        .isEqualTo(Map.of("spark.properties", "spark.executor.instances=4"));
    assertThat(cache.configMap("spark", "unrelated")).isEmpty();

    client
        .configMaps()
        .inNamespace("muster")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("muster-policies")
                .withNamespace("muster")
                .endMetadata()
                .withData(Map.of("policies.yaml", "default: {}"))
                .build())
        .create();
    Await.until(
        "policy ConfigMap seen", () -> cache.configMap("muster", "muster-policies").isPresent());
    Await.until("listeners heard it", () -> heard.contains("configmap muster-policies"));
    assertThat(heard).doesNotContain("configmap unrelated");
  }

  @Test
  void trimmedRecordsHoldNoBulkyPodFields() throws Exception {
    Pod pod =
        TestPods.pod("ns", "d")
            .app("spark-1")
            .driver()
            .annotation(
                "kubectl.kubernetes.io/last-applied-configuration",
                "{\"big\":\"" + "y".repeat(5000) + "\"}")
            .annotation("muster.io/gang-size", "3")
            .build();
    pod.getSpec()
        .getContainers()
        .get(0)
        .setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVar("SECRET", "s3cr3t", null)));
    client.pods().inNamespace("ns").resource(pod).create();
    start();

    PodRecord r = cache.pod("ns", "d").orElseThrow();
    assertThat(r.annotations()).containsOnlyKeys("muster.io/gang-size");
    assertThat(r.toString()).doesNotContain("s3cr3t").doesNotContain("last-applied");
    assertThat(r.uid()).isNotEmpty();
    assertThat(r.resourceVersion()).isNotEmpty();
  }

  @Test
  void missingSparkApplicationCrdDoesNotBreakStartup() throws Exception {
    start();
    assertThat(cache.hasSynced()).isTrue();
    Await.until("watching", () -> cache.health().watching());
    ViewHealth h = cache.health();
    assertThat(h.sparkApplicationsWatched()).isFalse();
    assertThat(cache.sparkApplication("ns", "x")).isEmpty();
  }

  @Test
  void healthReportsHowLongTheWatchHasBeenBroken() throws Exception {
    start();
    Await.until("watching", () -> cache.isWatching());
    ViewHealth fresh = cache.health();
    assertThat(fresh.watching()).isTrue();
    assertThat(fresh.staleFor()).isEqualTo(Duration.ZERO);
    assertThat(fresh.freshWithin(Duration.ofSeconds(10))).isTrue();

    cache.close(); // stands in for an unreachable API server: no watch, no events
    Await.until("watch down", () -> !cache.isWatching());
    clock.advance(Duration.ofSeconds(30));
    ViewHealth stale = cache.health();
    assertThat(stale.watching()).isFalse();
    assertThat(stale.notWatching()).containsExactlyInAnyOrder("nodes", "pods", "configmaps");
    assertThat(stale.staleFor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(stale.freshWithin(Duration.ofSeconds(10))).isFalse();
  }

  @Test
  void nodeChangesReachTheSnapshotAndListeners() throws Exception {
    start();
    client.nodes().resource(TestPods.node("n1", "4", "8Gi")).create();
    Await.until("node seen", () -> cache.snapshot().nodes().containsKey("n1"));
    client
        .nodes()
        .withName("n1")
        .edit(
            n -> {
              n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
              n.getSpec().setUnschedulable(true);
              return n;
            });
    Await.until("cordon seen", () -> cache.snapshot().nodes().get("n1").unschedulable());
    client.nodes().withName("n1").delete();
    Await.until("node gone", () -> !cache.snapshot().nodes().containsKey("n1"));
    // The informer thread updates the view first and tells listeners right after: wait for them.
    Await.until(
        "listeners heard add, cordon and delete",
        () -> heard.stream().filter(s -> s.equals("node n1")).count() >= 3);
    assertThat(heard.stream().filter(s -> s.equals("node n1"))).hasSize(3);
  }
}
