package io.muster.loadtest.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The API objects of a Spark application, as Spark 4.0 shapes them. */
class SparkAppObjectsTest {
  private final SparkAppObjects app =
      new SparkAppObjects("spark", "run1", 7, "muster", 19, 1, 4096, 2, 8192);

  @Test
  void driverMountsItsConfigMapAndRequestsSparksPodMemory() {
    JsonNode pod = app.driverPod();

    assertThat(pod.at("/metadata/name").asText()).isEqualTo("run1-app0007-driver");
    assertThat(pod.at("/metadata/labels/spark-role").asText()).isEqualTo("driver");
    assertThat(pod.at("/metadata/labels/spark-app-selector").asText()).isEqualTo(app.appId());
    assertThat(pod.at("/metadata/labels/" + SparkAppObjects.RUN_LABEL.replace("/", "~1")).asText())
        .isEqualTo("run1");
    assertThat(pod.at("/spec/schedulerName").asText()).isEqualTo("muster");
    assertThat(pod.at("/spec/containers/0/resources/requests/memory").asText()).isEqualTo("4505Mi");
    assertThat(pod.at("/spec/volumes/0/configMap/name").asText()).isEqualTo(app.configMapName());
  }

  @Test
  void configMapAndExecutorsAreOwnedByTheDriver() {
    JsonNode cm = app.configMap("uid-1");
    JsonNode exec = app.executorPod(3, "uid-1");

    assertThat(app.appId()).matches("spark-[0-9a-f]{32}");
    assertThat(app.configMapName()).matches("spark-drv-[0-9a-f]{16}-conf-map");
    assertThat(cm.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("uid-1");
    assertThat(cm.at("/data/spark.properties").asText())
        .contains("spark.executor.instances=19")
        .contains("spark.executor.memory=8192m")
        .contains("spark.master=k8s\\://https\\://127.0.0.1\\:6443");
    assertThat(exec.at("/metadata/name").asText()).isEqualTo("run1-app0007-exec-3");
    assertThat(exec.at("/metadata/labels/spark-exec-id").asText()).isEqualTo("3");
    assertThat(exec.at("/metadata/ownerReferences/0/name").asText())
        .isEqualTo("run1-app0007-driver");
    assertThat(exec.at("/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("2");
    assertThat(exec.at("/spec/containers/0/resources/requests/memory").asText())
        .isEqualTo("9011Mi");
  }

  @Test
  void fakeNodesAreNamedAndZonedLikeTheLoadGeneratorsNodes() {
    JsonNode node = FakeNodes.node(FakeNodes.name(4), FakeNodes.zone(4, 3), 32, "128Gi", 110);

    assertThat(node.at("/metadata/name").asText()).isEqualTo("node-00004");
    assertThat(node.at("/metadata/labels/topology.kubernetes.io~1zone").asText())
        .isEqualTo("zone-b");
    assertThat(node.at("/status/allocatable/cpu").asText()).isEqualTo("32");
    assertThat(node.at("/status/conditions/0/type").asText()).isEqualTo("Ready");
    assertThat(node.at("/status/conditions/0/status").asText()).isEqualTo("True");
  }
}
