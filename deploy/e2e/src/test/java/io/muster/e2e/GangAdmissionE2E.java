package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenarios 1, 2, 5 and 8 of the end-to-end issue. */
class GangAdmissionE2E extends E2EBase {

  @Test
  void admitsWholeGangAndEveryExecutorLandsOnItsReservedNode() {
    SparkApp app = new SparkApp("wordcount").driver(1, 2048).executors(4, 2, 4096);
    long created = submitAndBindDriver(app);
    assertThat(DebugGangs.read(plane).slotNodes(app.appId)).hasSize(4);

    List<String> executors = app.createExecutors(plane.client(), 1, 4, 2, Duration.ofSeconds(1));
    kube.awaitBound(executors, BIND_BOUND);
    ScenarioTimings.record(
        "1 gang 1+4 admitted", System.currentTimeMillis() - created, "tightly-pack");

    assertOnReservedSlots(app, executors);
    Map<String, Long> perNode = countByNode(kube.boundPods(app.appId));
    // tightly-pack: 4 × 2 CPU fill one 8-CPU node; the 1-CPU driver needs a second one.
    assertThat(perNode).as("nodes used by the gang").hasSizeLessThanOrEqualTo(2);
    assertThat(kube.events(app.driverName)).anyMatch(e -> e.startsWith("GangAdmitted"));
  }

  @Test
  void gangLargerThanTheClusterWaitsWithNumbersAndHoldsNothing() {
    SparkApp app = new SparkApp("too-big").driver(1, 2048).executors(40, 2, 4096);
    app.submit(plane.client(), Duration.ofMillis(200));
    Waits.until(
        Duration.ofSeconds(30),
        "an event on the driver saying the gang exceeds the cluster",
        () ->
            kube.events(app.driverName).stream().anyMatch(e -> e.startsWith("GangExceedsCluster")));
    String event =
        kube.events(app.driverName).stream()
            .filter(e -> e.startsWith("GangExceedsCluster"))
            .findFirst()
            .orElseThrow();
    assertThat(event).contains("CPU").containsPattern("\\d+");
    Waits.never(
        Duration.ofSeconds(3), "the driver bound", () -> kube.nodeOf(app.driverName).isPresent());
    assertThat(
            DebugGangs.read(plane).gang(app.appId).map(g -> g.path("reservation").isMissingNode()))
        .as("no reservation held")
        .hasValue(true);
    assertThat(DebugGangs.read(plane).toString()).contains("\"heldByNode\":{}");
  }

  @Test
  void executorsCreatedInBatchesOverSecondsAllClaimReservedSlots() {
    SparkApp app = new SparkApp("batches").driver(1, 1024).executors(8, 1, 2048);
    long created = submitAndBindDriver(app);
    List<String> executors = app.createExecutors(plane.client(), 1, 8, 2, Duration.ofMillis(1200));
    kube.awaitBound(executors, BIND_BOUND);
    ScenarioTimings.record(
        "5 executors in batches (1+8)", System.currentTimeMillis() - created, "batch 2, 1.2 s");
    assertOnReservedSlots(app, executors);
  }

  @Test
  void podWithoutSparkLabelsIsScheduledNormally() {
    Pod plain =
        new PodBuilder()
            .withNewMetadata()
            .withName("plain-web")
            .withNamespace(ControlPlane.NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withSchedulerName("muster")
            .addNewContainer()
            .withName("web")
            .withImage("nginx")
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    long created = System.currentTimeMillis();
    plane.client().pods().inNamespace(ControlPlane.NAMESPACE).resource(plain).create();
    kube.awaitBound(List.of("plain-web"), BIND_BOUND);
    ScenarioTimings.record("8 non-Spark pod", System.currentTimeMillis() - created, "pass-through");
    assertThat(DebugGangs.read(plane).holdsNothing()).isTrue();
  }
}
