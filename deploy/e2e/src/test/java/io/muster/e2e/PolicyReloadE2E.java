package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 9: the policy ConfigMap is edited live. A good edit changes the next gang's placement
 * within 5 s; a broken edit is rejected, says why, and the last good policy stays.
 */
class PolicyReloadE2E extends E2EBase {
  private static final String MUSTER_NS = "muster";
  private static final String POLICY_CM = "muster-policies";

  @AfterEach
  void restoreDefaultPolicy() {
    plane.client().configMaps().inNamespace(MUSTER_NS).withName(POLICY_CM).delete();
  }

  private void applyPolicy(String yaml) {
    plane
        .client()
        .configMaps()
        .inNamespace(MUSTER_NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(POLICY_CM)
                .withNamespace(MUSTER_NS)
                .endMetadata()
                .addToData("policies.yaml", yaml)
                .build())
        .serverSideApply();
  }

  @Test
  void liveEditChangesTheNextGangsPlacementAndABrokenEditKeepsTheLastGoodPolicy() throws Exception {
    String spread = Files.readString(plane.repo().resolve("policies/spread.yaml"));
    long edited = System.currentTimeMillis();
    applyPolicy(spread);
    Waits.until(
        Duration.ofSeconds(5),
        "policy from policies/spread.yaml applied",
        () ->
            "applied".equals(DebugGangs.read(plane).policy().path("lastReload").asText())
                && !DebugGangs.read(plane).policy().path("at").asText().isEmpty());
    long appliedAfter = System.currentTimeMillis() - edited;

    SparkApp spreadApp = new SparkApp("spread").driver(1, 1024).executors(4, 1, 1024);
    long created = submitAndBindDriver(spreadApp);
    List<String> executors = spreadApp.createExecutors(plane.client(), 1, 4, 4, Duration.ZERO);
    kube.awaitBound(executors, BIND_BOUND);
    ScenarioTimings.record(
        "9 policy edit -> spread gang",
        System.currentTimeMillis() - created,
        "policy applied after " + appliedAfter + " ms");
    assertThat(DebugGangs.read(plane).gang(spreadApp.appId).orElseThrow().path("strategy").asText())
        .isEqualTo("distribute-evenly");
    assertThat(executors.stream().map(e -> kube.nodeOf(e).orElseThrow()).distinct().count())
        .as("distribute-evenly spreads 4 small executors over several nodes")
        .isGreaterThanOrEqualTo(3);

    applyPolicy("default:\n  strategy: tite-pack\n");
    Waits.until(
        Duration.ofSeconds(5),
        "broken edit rejected with the field named",
        () ->
            DebugGangs.read(plane).policy().path("lastReload").asText().equals("rejected")
                && DebugGangs.read(plane).policy().toString().contains("tite-pack"));
    Waits.until(
        Duration.ofSeconds(10),
        "a PolicyRejected event on the ConfigMap",
        () ->
            plane.client().v1().events().inNamespace(MUSTER_NS).list().getItems().stream()
                .anyMatch(e -> "PolicyRejected".equals(e.getReason())));

    SparkApp next = new SparkApp("still-spread").driver(1, 1024).executors(4, 1, 1024);
    submitAndBindDriver(next);
    assertThat(DebugGangs.read(plane).gang(next.appId).orElseThrow().path("strategy").asText())
        .as("last good policy still in force")
        .isEqualTo("distribute-evenly");
  }
}
