package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.TestPods;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kube-scheduler pops a pod, the pod is deleted, and the filter call for it reaches Muster after
 * the deletion was applied (found by the soak: a waiting gang of a deleted driver stayed in the
 * ledger, at the head of a strict-FIFO queue, until the 15-minute waiting TTL). The late answer
 * must neither queue the gang again nor claim a slot.
 */
@EnableKubernetesMockClient(crud = true)
class DeletedPodFilterIT {
  KubernetesClient client;
  KubernetesMockServer server;

  private Harness muster;
  private ApiBindings bindings;

  @AfterEach
  void stop() {
    if (muster != null) {
      muster.close();
    }
    if (bindings != null) {
      bindings.close();
    }
  }

  private void start(List<String> nodes, String cpu) {
    nodes.forEach(n -> client.nodes().resource(TestPods.node(n, cpu, "16Gi")).create());
    bindings = new ApiBindings(server, client);
    muster = Harness.start(client);
    client
        .configMaps()
        .inNamespace(NS)
        .resource(SparkFixtures.driverConfigMap(SparkFixtures.BASIC))
        .create();
  }

  @Test
  void aLateFilterOfADeletedWaitingDriverQueuesNothing() {
    // 4 nodes of 2 CPU: the gang (1 + 4 × 2 CPU) waits.
    List<String> nodes = List.of("n1", "n2", "n3", "n4");
    start(nodes, "2");
    Pod driver = muster.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String app = driver.getMetadata().getLabels().get("spark-app-selector");
    Await.until(
        "the driver's gang is learnt from its ConfigMap and waits",
        () -> muster.filter(driver, nodes).path("NodeNames").isEmpty() && hasGang(app));

    client.pods().inNamespace(NS).withName(driver.getMetadata().getName()).delete();
    Await.until("the deleted driver's gang is released", () -> !hasGang(app));
    JsonNode late = muster.filter(driver, nodes);

    assertThat(late.path("NodeNames").isEmpty()).as("nodes passed: %s", late).isTrue();
    assertThat(hasGang(app)).as("gang queued again by the late answer").isFalse();
    assertThat(Harness.json(muster.get("/debug/gangs")).get("waitingQueue")).isEmpty();
  }

  @Test
  void aLateFilterOfADeletedExecutorClaimsNoSlot() {
    List<String> nodes = List.of("n1", "n2", "n3", "n4");
    start(nodes, "4");
    Pod driver = muster.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String driverName = driver.getMetadata().getName();
    String app = driver.getMetadata().getLabels().get("spark-app-selector");
    Await.until(
        "the driver is admitted",
        () -> muster.filter(muster.pod(driverName), nodes).get("NodeNames").size() == 1);
    String driverNode =
        muster.filter(muster.pod(driverName), nodes).get("NodeNames").get(0).asText();
    bindings.allow(NS, driverName);
    muster.bind(muster.pod(driverName), driverNode);
    muster.awaitBoundInView(driverName, driverNode);
    Pod executor = muster.create(SparkFixtures.executors(SparkFixtures.BASIC).get(0));
    assertThat(muster.filter(executor, nodes).get("NodeNames")).hasSize(1);
    assertThat(GangCoordinatorIT.slotStates(muster, app)).contains("CLAIMED");

    client.pods().inNamespace(NS).withName(executor.getMetadata().getName()).delete();
    Await.until(
        "the deleted executor's slot is open again",
        () -> GangCoordinatorIT.slotStates(muster, app).stream().allMatch("OPEN"::equals));
    JsonNode late = muster.filter(executor, nodes);

    assertThat(late.path("NodeNames").isEmpty()).as("nodes passed: %s", late).isTrue();
    assertThat(GangCoordinatorIT.slotStates(muster, app))
        .as("slots after the late answer")
        .containsOnly("OPEN");
  }

  private boolean hasGang(String app) {
    for (JsonNode g : Harness.json(muster.get("/debug/gangs")).get("gangs")) {
      if (g.get("gang").asText().equals(NS + "/" + app)) {
        return true;
      }
    }
    return false;
  }
}
