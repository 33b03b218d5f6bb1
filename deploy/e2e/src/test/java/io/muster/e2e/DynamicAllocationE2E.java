package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: executors beyond a dynamic-allocation gang's minimum use free room only and never
 * take the room another admitted gang reserved for executors it has not created yet.
 */
class DynamicAllocationE2E extends E2EBase {

  @Test
  void extraExecutorsUseFreeRoomAndNeverTakeAnotherGangsSlots() {
    // B reserves 1 + 6 × 2 CPU = 13 CPU, but its executors come later.
    SparkApp b = new SparkApp("reserved-b").driver(1, 1024).executors(6, 2, 2048);
    submitAndBindDriver(b);
    List<String> bSlots = DebugGangs.read(plane).slotNodes(b.appId);
    assertThat(bSlots).hasSize(6);

    // A: dynamic allocation, min 2, max 12; reserves 1 + 2 × 2 CPU.
    SparkApp a = new SparkApp("dyn-a").driver(1, 1024).dynamic(2, 12).executors(0, 2, 2048);
    long created = submitAndBindDriver(a);
    List<String> aExecutors = a.createExecutors(plane.client(), 1, 12, 4, Duration.ofSeconds(1));
    // 32 CPU − 13 (B) − 5 (A) leaves 14 CPU: at most 7 extras of 2 CPU may bind.
    Waits.until(
        BIND_BOUND,
        "A's two reserved executors and some extras bound",
        () -> kube.boundPods(a.appId).size() >= 1 + 2 + 1);
    Waits.sleep(Duration.ofSeconds(5));
    Map<String, String> aBound = kube.boundPods(a.appId);
    ScenarioTimings.record(
        "6 dynamic allocation extras",
        System.currentTimeMillis() - created,
        aBound.size() - 1 + " executors bound");
    assertThat(aBound.size() - 1).as("A's executors bound").isBetween(2, 2 + 7);
    assertThat(aExecutors.stream().filter(e -> kube.nodeOf(e).isEmpty()))
        .as("some of A's 12 executors must wait: the room left is 14 CPU")
        .isNotEmpty();

    List<String> bExecutors = b.createExecutors(plane.client(), 1, 6, 3, Duration.ofSeconds(1));
    kube.awaitBound(bExecutors, BIND_BOUND);
    assertOnReservedSlots(b, bExecutors);
  }
}
