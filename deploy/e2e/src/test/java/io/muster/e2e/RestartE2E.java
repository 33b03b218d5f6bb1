package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenario 7: the extender is killed while a gang is half bound and comes back with it intact. */
class RestartE2E extends E2EBase {

  @Test
  void extenderKilledMidGangLosesNothingAndDoubleBooksNothing() {
    SparkApp app = new SparkApp("restart").driver(1, 1024).executors(6, 2, 2048);
    long created = submitAndBindDriver(app);
    List<String> firstHalf = app.createExecutors(plane.client(), 1, 3, 3, Duration.ZERO);
    kube.awaitBound(firstHalf, BIND_BOUND);
    List<String> slotsBefore = DebugGangs.read(plane).slotNodes(app.appId);
    assertThat(slotsBefore).hasSize(6);

    plane.extender("kill");
    plane.extender("start");
    Waits.until(
        Duration.ofSeconds(60),
        "extender ready after restart",
        () -> plane.extenderGet("/readyz").statusCode() == 200);
    DebugGangs recovered = DebugGangs.read(plane);
    assertThat(recovered.slotNodes(app.appId))
        .as("recovered reservation has the same slots")
        .containsExactlyInAnyOrderElementsOf(slotsBefore);
    assertThat(recovered.driverNode(app.appId))
        .isEqualTo(kube.nodeOf(app.driverName).orElseThrow());

    List<String> secondHalf = app.createExecutors(plane.client(), 4, 6, 3, Duration.ZERO);
    kube.awaitBound(secondHalf, BIND_BOUND);
    ScenarioTimings.record(
        "7 restart mid-gang", System.currentTimeMillis() - created, "kill -9 after 3 of 6 bound");

    List<String> all = new java.util.ArrayList<>(firstHalf);
    all.addAll(secondHalf);
    assertOnReservedSlots(app, all);
    Map<String, Long> executorsPerNode =
        countByNode(
            kube.boundPods(app.appId).entrySet().stream()
                .filter(e -> !e.getKey().equals(app.driverName))
                .collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    Map<String, Long> slotsPerNode =
        slotsBefore.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    n -> n, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    assertThat(executorsPerNode).as("executors per node = slots per node").isEqualTo(slotsPerNode);
  }
}
