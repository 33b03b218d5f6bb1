package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparkApplicationReaderTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void readsTheFieldsThatSizeAGang() {
    GenericKubernetesResource r =
        SERIALIZATION.unmarshal(
            """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: pyspark-pi, namespace: spark}
            spec:
              type: Python
              mode: cluster
              sparkConf: {spark.hadoop.fs.s3a.secret.key: s3cr3t, spark.executor.instances: "9"}
              memoryOverheadFactor: "0.3"
              nodeSelector: {zone: a}
              executor:
                instances: 4
                cores: 2
                coreRequest: 1500m
                memory: 4g
                memoryOverhead: 512m
                gpu: {name: nvidia.com/gpu, quantity: 2}
                nodeSelector: {pool: executors}
                tolerations:
                - {key: gpu, operator: Exists, effect: NoSchedule}
              dynamicAllocation: {enabled: true, minExecutors: 2, maxExecutors: 8}
            """,
            GenericKubernetesResource.class);
    OperatorApplication app = SparkApplicationReader.read(r);
    assertThat(app.name()).isEqualTo("pyspark-pi");
    assertThat(app.type()).contains("Python");
    assertThat(app.executor().instances()).hasValue(4);
    assertThat(app.executor().gpu()).contains(new OperatorApplication.Gpu("nvidia.com/gpu", 2));
    assertThat(app.executor().constraints().nodeSelector()).isEqualTo(Map.of("pool", "executors"));
    assertThat(app.executor().constraints().tolerations())
        .containsExactly(
            new Toleration(
                "gpu", Toleration.Operator.EXISTS, "", Optional.of(TaintEffect.NO_SCHEDULE)));
    assertThat(app.toString()).doesNotContain("s3cr3t");

    SparkProperties p = app.toSparkProperties();
    // Structured fields win over sparkConf, as with the operator's --conf order.
    assertThat(p.get("spark.executor.instances")).contains("4");
    assertThat(p.get("spark.kubernetes.memoryOverheadFactor")).contains("0.3");
    assertThat(p.get("spark.kubernetes.resource.type")).contains("python");
    assertThat(p.get("spark.kubernetes.executor.request.cores")).contains("1500m");
    assertThat(p.get("spark.kubernetes.node.selector.zone")).contains("a");
    assertThat(p.get("spark.dynamicAllocation.maxExecutors")).contains("8");
    SparkExecutorSizing.Sizing s =
        ((SparkExecutorSizing.Result.Sized) SparkExecutorSizing.of(p)).sizing();
    assertThat(s.executor().memoryMiB()).isEqualTo(4096 + 512);
    assertThat(s.executor().milliCpu()).isEqualTo(1500);
    assertThat(s.executors()).isEqualTo(new SparkExecutorSizing.ExecutorCount(4, 8, true));
  }

  @Test
  void wrongTypesAndMissingPartsCountAsAbsent() {
    GenericKubernetesResource r =
        SERIALIZATION.unmarshal(
            """
            apiVersion: sparkoperator.k8s.io/v1beta2
            kind: SparkApplication
            metadata: {name: odd}
            spec:
              sparkConf: "not a map"
              executor: {instances: "four", cores: 2.5, tolerations: "none", affinity: 3}
              dynamicAllocation: true
            """,
            GenericKubernetesResource.class);
    OperatorApplication app = SparkApplicationReader.read(r);
    assertThat(app.sparkConf()).isEmpty();
    assertThat(app.executor().instances()).isEmpty();
    assertThat(app.executor().cores()).isEmpty();
    assertThat(app.dynamicAllocation()).isEmpty();
    SparkProperties p = app.toSparkProperties();
    assertThat(p.get("spark.kubernetes.memoryOverheadFactor")).contains("0.1");
    assertThat(SparkApplicationReader.read(null).name()).isEmpty();
  }
}
