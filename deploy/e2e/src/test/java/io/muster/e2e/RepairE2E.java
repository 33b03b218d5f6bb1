package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 10: a pod Muster does not schedule (here bound straight to a node, as a DaemonSet's or
 * another scheduler's pod would be) takes the room of a reserved slot. The slot moves to another
 * node and every executor still lands, with no node over its allocatable.
 */
class RepairE2E extends E2EBase {

  @Test
  void slotWhoseRoomIsTakenByAnotherSchedulersPodIsRepairedOntoAnotherNode() {
    SparkApp app = new SparkApp("repair").driver(1, 1024).executors(4, 2, 2048);
    long created = submitAndBindDriver(app);
    List<String> slots = DebugGangs.read(plane).slotNodes(app.appId);
    String crowded = slots.get(0);
    long slotsOnCrowded = slots.stream().filter(crowded::equals).count();

    // 2 CPU taken on the crowded node by a pod of another scheduler.
    plane
        .client()
        .pods()
        .inNamespace(ControlPlane.NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("intruder")
                .withNamespace(ControlPlane.NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withNodeName(crowded)
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi")))
                .endResources()
                .endContainer()
                .endSpec()
                .build())
        .create();

    List<String> executors = app.createExecutors(plane.client(), 1, 4, 4, Duration.ZERO);
    kube.awaitBound(executors, BIND_BOUND);
    ScenarioTimings.record(
        "10 slot repaired after intruder", System.currentTimeMillis() - created, "on " + crowded);

    long driverOnCrowded = crowded.equals(kube.nodeOf(app.driverName).orElse("")) ? 1 : 0;
    long onCrowded =
        executors.stream().filter(e -> crowded.equals(kube.nodeOf(e).orElse(""))).count();
    long cpuOnCrowded = 2 + 2 * onCrowded + driverOnCrowded;
    assertThat(cpuOnCrowded)
        .as("CPU requested on %s", crowded)
        .isLessThanOrEqualTo(ControlPlane.NODE_CPU);
    // The test is only meaningful when the intruder really leaves too little room for every slot.
    assertThat(2 + 2 * slotsOnCrowded + driverOnCrowded).isGreaterThan(ControlPlane.NODE_CPU);
    assertThat(onCrowded).as("a slot moved off the crowded node").isLessThan(slotsOnCrowded);
    assertOnReservedSlots(app, executors);
  }
}
