package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.placement.model.Resources;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutorPodModelTest {
  private static final SparkExecutorSizing.ContainerSize FOUR_G_TWO_CORES =
      new SparkExecutorSizing.ContainerSize("2", 2000, 4505, Map.of());

  @Test
  void sidecarsAndInitContainersOfTheTemplateCountLikeForARealPod() {
    Pod template =
        template(
            """
            apiVersion: v1
            kind: Pod
            spec:
              initContainers:
              - name: fetch
                resources:
                  requests: {cpu: "4", memory: 100Mi}
              containers:
              - name: spark-kubernetes-executor
                resources:
                  requests: {cpu: "8", memory: 1Gi, ephemeral-storage: 1Gi}
                  limits: {nvidia.com/gpu: "1"}
              - name: log-shipper
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
            """);
    ExecutorPodModel.Modelled m =
        ExecutorPodModel.build(Optional.of(template), SparkProperties.EMPTY, FOUR_G_TWO_CORES);
    // Spark's cpu/memory replace the template's; the GPU limit stays; the sidecar adds; the init
    // container's 4 CPU is the peak.
    assertThat(m.requests())
        .isEqualTo(Resources.pod(4000, (4505L + 64) << 20).withExtended("nvidia.com/gpu", 1));
  }

  @Test
  void theNamedTemplateContainerIsSparksWhenConfigured() {
    Pod template =
        template(
            """
            spec:
              containers:
              - name: sidecar
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
              - name: spark
            """);
    SparkProperties props = SparkProperties.of(Map.of(ExecutorPodModel.CONTAINER_NAME, "spark"));
    assertThat(ExecutorPodModel.build(Optional.of(template), props, FOUR_G_TWO_CORES).requests())
        .isEqualTo(Resources.pod(2100, (4505L + 64) << 20));
    // Without the setting Spark takes the first container, replacing the sidecar's sizes.
    assertThat(
            ExecutorPodModel.build(Optional.of(template), SparkProperties.EMPTY, FOUR_G_TWO_CORES)
                .requests())
        .isEqualTo(Resources.pod(2000, 4505L << 20));
  }

  @Test
  void sparkNodeSelectorPropertiesAddToTheTemplatesAndExecutorOnesWin() {
    Pod template = template("spec:\n  nodeSelector: {pool: template, disk: ssd}\n");
    SparkProperties props =
        SparkProperties.of(
            Map.of(
                "spark.kubernetes.node.selector.pool", "shared",
                "spark.kubernetes.node.selector.zone", "a",
                "spark.kubernetes.executor.node.selector.pool", "executors",
                "spark.kubernetes.driver.node.selector.pool", "drivers"));
    ExecutorPodModel.Modelled m =
        ExecutorPodModel.build(Optional.of(template), props, FOUR_G_TWO_CORES);
    assertThat(m.constraints().constraints().nodeSelector())
        .isEqualTo(Map.of("pool", "executors", "disk", "ssd", "zone", "a"));
  }

  @Test
  void theTemplateIsNotModified() {
    Pod template =
        template("spec:\n  containers:\n  - name: c\n    resources:\n      requests: {cpu: '8'}\n");
    ExecutorPodModel.build(Optional.of(template), SparkProperties.EMPTY, FOUR_G_TWO_CORES);
    assertThat(template.getSpec().getContainers().get(0).getResources().getRequests().get("cpu"))
        .hasToString("8");
  }

  @Test
  void templateWithoutSpecOrContainersIsAnEmptyPod() {
    ExecutorPodModel.Modelled m =
        ExecutorPodModel.build(
            Optional.of(template("metadata: {labels: {a: b}}\n")),
            SparkProperties.EMPTY,
            FOUR_G_TWO_CORES);
    assertThat(m.requests()).isEqualTo(Resources.pod(2000, 4505L << 20));
  }

  private static Pod template(String yaml) {
    return DriverConfLookup.parseTemplate(yaml).orElseThrow();
  }
}
