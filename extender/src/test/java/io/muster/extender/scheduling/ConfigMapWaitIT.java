package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.TestPods;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spark creates the driver pod 150–310 ms before its ConfigMap, and kube-scheduler asks about the
 * driver at once: the answer is held for the ConfigMap (bounded), and a driver rejected for want of
 * it is nudged when it appears.
 */
@EnableKubernetesMockClient(crud = true)
class ConfigMapWaitIT {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");
  private static final String CONF = "spark-drv-27f6b4a1fc92ac87-conf-map";

  KubernetesClient client;

  private Harness muster;

  @BeforeEach
  void nodes() {
    NODES.forEach(n -> client.nodes().resource(TestPods.node(n, "4", "16Gi")).create());
  }

  @AfterEach
  void stop() {
    if (muster != null) {
      muster.close();
    }
  }

  @Test
  void aConfigMapArrivingWithinTheHoldAdmitsTheDriverInThatSameAnswer() {
    // The longest hold ExtenderConfig allows, so that the API's and informer's latency on a busy
    // machine stays well inside it; the hold ends as soon as the ConfigMap is seen.
    muster = Harness.start(client, Harness.Options.defaults().configMapWait(Duration.ofSeconds(2)));
    Pod driver = muster.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String name = driver.getMetadata().getName();

    CompletableFuture<JsonNode> answer =
        CompletableFuture.supplyAsync(() -> muster.filter(muster.pod(name), NODES));
    Await.until("the answer is held", () -> muster.coordinator.heldForConfigMaps() == 1);
    client.configMaps().inNamespace(NS).resource(conf()).create();

    JsonNode verdict = answer.join();
    assertThat(verdict.get("NodeNames")).hasSize(1);
    String node = verdict.get("NodeNames").get(0).asText();
    assertThat(muster.reservationOn(name).orElseThrow().reservation().driverNode()).contains(node);
    assertThat(muster.reservationOn(name).get().reservation().slots()).hasSize(4);
    assertThat(muster.coordinator.heldForConfigMaps()).isZero();
    assertThat(muster.annotation(name, MusterAnnotations.NUDGE)).isEmpty();
  }

  @Test
  void withoutItTheDriverWaitsWithAReasonNamingItAndIsNudgedWhenItAppears() {
    muster =
        Harness.start(client, Harness.Options.defaults().configMapWait(Duration.ofMillis(300)));
    Pod driver = muster.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String name = driver.getMetadata().getName();

    JsonNode verdict = muster.filter(muster.pod(name), NODES);

    assertThat(verdict.get("NodeNames")).isEmpty();
    assertThat(verdict.get("FailedAndUnresolvableNodes")).isEmpty();
    assertThat(GangCoordinatorIT.failedNodes(verdict)).containsExactlyInAnyOrderElementsOf(NODES);
    verdict
        .get("FailedNodes")
        .forEach(m -> assertThat(m.asText()).contains("waiting for Spark's ConfigMap " + CONF));
    assertThat(muster.annotation(name, MusterAnnotations.RESERVATION)).isEmpty();
    assertThat(muster.coordinator.heldForConfigMaps()).isZero();
    assertThat(muster.annotation(name, MusterAnnotations.NUDGE)).isEmpty();

    client.configMaps().inNamespace(NS).resource(conf()).create();

    Await.until(
        "the driver is nudged", () -> muster.annotation(name, MusterAnnotations.NUDGE).isPresent());
    // kube-scheduler retries the updated pod: now it is admitted
    JsonNode retried = muster.filter(muster.pod(name), NODES);
    assertThat(retried.get("NodeNames")).hasSize(1);
    assertThat(muster.reservationOn(name)).isPresent();
  }

  @Test
  void withNoHoldConfiguredTheFirstAnswerIsTheRejection() {
    muster = Harness.start(client, Harness.Options.defaults().configMapWait(Duration.ZERO));
    Pod driver = muster.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String name = driver.getMetadata().getName();

    JsonNode verdict = muster.filter(muster.pod(name), NODES);

    assertThat(verdict.get("NodeNames")).isEmpty();
    assertThat(GangCoordinatorIT.failedNodes(verdict)).containsExactlyInAnyOrderElementsOf(NODES);
    client.configMaps().inNamespace(NS).resource(conf()).create();
    Await.until(
        "the driver is nudged", () -> muster.annotation(name, MusterAnnotations.NUDGE).isPresent());
  }

  private static ConfigMap conf() {
    return SparkFixtures.driverConfigMap(SparkFixtures.BASIC);
  }
}
