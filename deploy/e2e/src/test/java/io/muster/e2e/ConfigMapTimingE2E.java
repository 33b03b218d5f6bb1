package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: Spark creates the driver pod before its ConfigMap. Within the extender's short hold
 * the driver is admitted in the same answer; past it, the driver is rejected and nudged when the
 * ConfigMap appears.
 */
class ConfigMapTimingE2E extends E2EBase {

  @Test
  void driverIsAdmittedSoonAfterItsConfigMapAppearsEvenWhenItComesLate() {
    SparkApp app = new SparkApp("late-conf").driver(1, 1024).executors(2, 1, 1024);
    app.submit(plane.client(), Duration.ofMillis(-1));
    // Well past the extender's hold (400 ms): kube-scheduler has been told to wait.
    Waits.sleep(Duration.ofSeconds(3));
    assertThat(kube.nodeOf(app.driverName)).as("driver bound before its ConfigMap").isEmpty();
    long cmCreated = System.currentTimeMillis();
    app.createConfigMap(plane.client());
    kube.awaitBound(List.of(app.driverName), Duration.ofSeconds(15));
    long admitted = System.currentTimeMillis() - cmCreated;
    ScenarioTimings.record("4 ConfigMap 3 s late: CM -> driver bound", admitted, "reject + nudge");
  }

  @Test
  void driverWhoseConfigMapFollowsAsSparkDoesIsAdmittedInOneAnswer() {
    SparkApp app = new SparkApp("quick-conf").driver(1, 1024).executors(2, 1, 1024);
    long created = System.currentTimeMillis();
    app.submit(plane.client(), Duration.ofMillis(250));
    kube.awaitBound(List.of(app.driverName), Duration.ofSeconds(15));
    ScenarioTimings.record(
        "4 ConfigMap 250 ms late: driver bound",
        System.currentTimeMillis() - created,
        "held answer");
  }
}
