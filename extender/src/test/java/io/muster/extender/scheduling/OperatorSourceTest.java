package io.muster.extender.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.extender.cluster.SparkAppRecord;
import io.muster.extender.spark.GangInference;
import io.muster.extender.spark.OperatorApplication;
import io.muster.extender.spark.SparkApplicationReader;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Spark Operator driver without a mounted Spark ConfigMap learns its gang from its
 * SparkApplication.
 */
class OperatorSourceTest {
  private static final SparkAppRecord APP =
      new SparkAppRecord(
          "etl",
          "nightly",
          "uid-1",
          "7",
          Optional.empty(),
          Map.of("type", "Scala", "executor", Map.of("instances", 3, "cores", 2, "memory", "2g")));

  @Test
  void cachedSparkApplicationReadsBackAsTheOperatorApplication() {
    OperatorApplication app = SparkApplicationReader.read(DriverAdmission.asResource(APP));
    assertThat(app.name()).isEqualTo("nightly");
    assertThat(app.executor().instances()).hasValue(3);
    assertThat(app.executor().cores()).hasValue(2);
    assertThat(app.executor().memory()).contains("2g");
  }

  @Test
  void driverOfAnOperatorApplicationGetsItsGangFromIt() {
    Pod driver =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("etl")
            .withName("nightly-driver")
            .withUid("d-1")
            .addToLabels("spark-app-selector", "spark-0123456789abcdef0123456789abcdef")
            .addToLabels("spark-role", "driver")
            .addToLabels(OperatorApplication.APP_NAME_LABEL, "nightly")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("spark-kubernetes-driver")
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1408Mi")))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    GangInference.Result r =
        new GangInference()
            .infer(
                driver,
                name -> Optional.empty(),
                Optional.of(SparkApplicationReader.read(DriverAdmission.asResource(APP))),
                Instant.EPOCH);
    assertThat(r).isInstanceOf(GangInference.Result.Known.class);
    GangInference.Result.Known k = (GangInference.Result.Known) r;
    assertThat(k.spec().minExecutors()).isEqualTo(3);
    assertThat(k.spec().executor().milliCpu()).isEqualTo(2000);
    // Spark's rule: 2g heap + max(384 MiB, 0.1 × 2048 MiB) overhead = 2432 MiB.
    assertThat(k.spec().executor().memoryBytes()).isEqualTo(2432L * 1024 * 1024);
  }
}
