package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: the classic Spark-on-Kubernetes deadlock. Two applications that each need about 60%
 * of the cluster arrive together; pod by pod both drivers would start and split the executors. With
 * Muster exactly one runs whole and the other holds nothing until the first goes away.
 */
class DeadlockE2E extends E2EBase {

  @Test
  void twoApplicationsEachNeedingSixtyPercentNeverDeadlock() {
    // 1 + 9 × 2 CPU = 19 of the cluster's 32 CPU each.
    SparkApp a = new SparkApp("etl-a").driver(1, 2048).executors(9, 2, 4096);
    SparkApp b = new SparkApp("etl-b").driver(1, 2048).executors(9, 2, 4096);
    long created = System.currentTimeMillis();
    a.submit(plane.client(), Duration.ofMillis(-1));
    b.submit(plane.client(), Duration.ofMillis(-1));
    Waits.sleep(Duration.ofMillis(200));
    a.createConfigMap(plane.client());
    b.createConfigMap(plane.client());

    Waits.until(
        BIND_BOUND,
        "one of the two drivers bound",
        () -> kube.nodeOf(a.driverName).isPresent() || kube.nodeOf(b.driverName).isPresent());
    SparkApp first = kube.nodeOf(a.driverName).isPresent() ? a : b;
    SparkApp second = first == a ? b : a;
    // Spark's driver, once running, creates its executors in batches.
    List<String> firstExecutors =
        first.createExecutors(plane.client(), 1, 9, 5, Duration.ofSeconds(1));
    kube.awaitBound(firstExecutors, BIND_BOUND);
    ScenarioTimings.record(
        "3 deadlock: first app whole", System.currentTimeMillis() - created, "1+9 of 2 apps");

    assertThat(kube.boundPods(second.appId)).as("the second application holds nothing").isEmpty();
    assertThat(DebugGangs.read(plane).gang(second.appId))
        .as("the second gang waits in the queue")
        .hasValueSatisfying(g -> assertThat(g.path("phase").asText()).isEqualTo("WAITING"));
    assertThat(kube.events(second.driverName))
        .anyMatch(e -> e.startsWith("GangWaiting") && e.contains("CPU"));

    // The first application finishes: Spark deletes its executors, then the driver goes.
    long released = System.currentTimeMillis();
    firstExecutors.forEach(kube::deletePod);
    kube.deletePod(first.driverName);
    kube.awaitBound(List.of(second.driverName), BIND_BOUND);
    List<String> secondExecutors =
        second.createExecutors(plane.client(), 1, 9, 5, Duration.ofSeconds(1));
    kube.awaitBound(secondExecutors, BIND_BOUND);
    ScenarioTimings.record(
        "3 deadlock: second app after release",
        System.currentTimeMillis() - released,
        "from first app's deletion");
    assertOnReservedSlots(second, secondExecutors);
  }
}
