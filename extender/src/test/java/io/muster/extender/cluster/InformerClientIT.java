package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.spark.PodRequests;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster view fed by a client with {@link InformerSerialization}, as ExtenderMain runs it. */
@EnableKubernetesMockClient(crud = true)
class InformerClientIT {
  KubernetesMockServer server;
  KubernetesClient client;

  private KubernetesClient informerClient;
  private ClusterCache cache;

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
    if (informerClient != null) {
      informerClient.close();
    }
  }

  @Test
  void aSparkDriverPodReachesTheViewAsWithFullDecoding() throws Exception {
    client.nodes().resource(TestPods.node("n1", "8", "32Gi")).create();
    Pod driver;
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/cluster/decode/s4-cluster-podtemplate--wordcount-c20ecba1fc957fbc-driver.json")) {
      driver = client.getKubernetesSerialization().unmarshal(in, Pod.class);
    }
    driver.getMetadata().setResourceVersion(null);
    Pod created = client.pods().inNamespace("spark").resource(driver).create();
    assertThat(created.getMetadata().getManagedFields()).isNotEmpty();

    informerClient =
        new KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .withKubernetesSerialization(InformerSerialization.create())
            .build();
    PodTrimmer trimmer = new PodTrimmer(p -> PodRequests.of(p.getSpec()), k -> true);
    cache =
        new ClusterCache(
            informerClient,
            new ClusterCacheConfig(
                ClusterCacheConfig.defaults("muster").configMaps(), k -> true, 500, false),
            p -> PodRequests.of(p.getSpec()),
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    cache.start().get(20, TimeUnit.SECONDS);

    String name = created.getMetadata().getName();
    assertThat(cache.pod("spark", name)).contains(trimmer.trim(created));
    assertThat(cache.snapshot().nodes()).containsKey("n1");
  }
}
