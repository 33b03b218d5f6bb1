package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each scenario starts from an empty Spark namespace and a ledger that holds nothing. */
@ExtendWith(ControlPlaneExtension.class)
abstract class E2EBase {
  static final Duration BIND_BOUND = Duration.ofSeconds(60);
  ControlPlane plane;
  Kube kube;

  @BeforeEach
  void cleanSlate(ControlPlane plane) {
    this.plane = plane;
    this.kube = new Kube(plane.client());
    kube.cleanNamespace();
    Waits.until(
        Duration.ofSeconds(30),
        "Muster holds no gang after clean-up",
        () -> DebugGangs.read(plane).holdsNothing());
  }

  /** Submits {@code app} (ConfigMap after 200 ms, as Spark) and waits for its driver to bind. */
  long submitAndBindDriver(SparkApp app) {
    long created = System.currentTimeMillis();
    app.submit(plane.client(), Duration.ofMillis(200));
    kube.awaitBound(List.of(app.driverName), BIND_BOUND);
    return created;
  }

  /** Every executor sits on a node its gang reserved a slot for it on. */
  void assertOnReservedSlots(SparkApp app, Collection<String> executors) {
    assertOnReservedSlots(app.appId, executors);
  }

  /** As above, for an application Spark itself made (known only by its {@code spark.app.id}). */
  void assertOnReservedSlots(String appId, Collection<String> executors) {
    DebugGangs gangs = DebugGangs.read(plane);
    for (String e : executors) {
      assertThat(gangs.slotOf(appId, e))
          .as("slot held by %s in %s", e, gangs)
          .isPresent()
          .contains(kube.nodeOf(e).orElseThrow());
    }
  }

  static Map<String, Long> countByNode(Map<String, String> podToNode) {
    return podToNode.values().stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                n -> n, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
  }
}
