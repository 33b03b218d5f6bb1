package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With the Spark Operator's CRD present, SparkApplications are watched and trimmed. */
@EnableKubernetesMockClient(crud = true)
class SparkApplicationIT {
  private static final ResourceDefinitionContext APPS =
      new ResourceDefinitionContext.Builder()
          .withGroup("sparkoperator.k8s.io")
          .withVersion("v1beta2")
          .withKind("SparkApplication")
          .withPlural("sparkapplications")
          .withNamespaced(true)
          .build();

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void sparkApplicationsAreWatchedAndTrimmedToTheirSizingSpec() throws Exception {
    server
        .expect()
        .get()
        .withPath("/apis/sparkoperator.k8s.io/v1beta2")
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion("sparkoperator.k8s.io/v1beta2")
                .withResources(
                    new APIResourceBuilder()
                        .withName("sparkapplications")
                        .withKind("SparkApplication")
                        .withNamespaced(true)
                        .withVerbs("list", "watch", "get")
                        .build())
                .build())
        .always();
    GenericKubernetesResource app = new GenericKubernetesResource();
    app.setApiVersion("sparkoperator.k8s.io/v1beta2");
    app.setKind("SparkApplication");
    app.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("pi")
            .withNamespace("spark")
            .build());
    app.setAdditionalProperty(
        "spec",
        Map.of(
            "type", "Scala",
            "sparkConf", Map.of("spark.dynamicAllocation.enabled", "false"),
            "driver",
                Map.of(
                    "cores",
                    1,
                    "memory",
                    "2g",
                    "env",
                    List.of(Map.of("name", "TOKEN", "value", "secret"))),
            "executor", Map.of("instances", 4, "cores", 2, "memory", "4g"),
            "volumes", List.of(Map.of("name", "data"))));
    app.setAdditionalProperty("status", Map.of("sparkApplicationId", "spark-abc"));
    client.genericKubernetesResources(APPS).inNamespace("spark").resource(app).create();

    try (ClusterCache cache =
        new ClusterCache(
            client,
            ClusterCacheConfig.defaults("muster"),
            TestPods::requests,
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))) {
      cache.start().get(20, TimeUnit.SECONDS);
      Await.until("application seen", () -> cache.sparkApplication("spark", "pi").isPresent());

      SparkAppRecord r = cache.sparkApplication("spark", "pi").orElseThrow();
      assertThat(r.sparkApplicationId()).contains("spark-abc");
      assertThat(r.spec()).containsOnlyKeys("type", "sparkConf", "driver", "executor");
      assertThat(r.spec().get("driver")).isEqualTo(Map.of("cores", 1, "memory", "2g"));
      assertThat(r.spec().get("executor"))
          .isEqualTo(Map.of("instances", 4, "cores", 2, "memory", "4g"));
      Await.until("watched", () -> cache.health().sparkApplicationsWatched());
    }
  }
}
