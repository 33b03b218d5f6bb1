package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.model.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spark settings → the pod requests Spark 3.3–4.x puts on its executor and driver pods. */
class SparkExecutorSizingTest {
  @ParameterizedTest(name = "[{index}] {0} → executor {1}Mi / {2}m")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # settings (k=v;k=v)                                                   | Mi    | milli CPU
          ''                                                                     | 1408  | 1000
          spark.executor.memory=1g                                               | 1408  | 1000
          spark.executor.memory=4g;spark.kubernetes.memoryOverheadFactor=0.1      | 4505  | 1000
          spark.executor.memory=4g                                               | 4505  | 1000
          spark.executor.memory=4g;spark.kubernetes.resource.type=python;spark.kubernetes.memoryOverheadFactor=0.4 | 5734 | 1000
          spark.executor.memory=4g;spark.executor.memoryOverhead=1g              | 5120  | 1000
          spark.executor.memory=4g;spark.executor.memoryOverhead=100m            | 4196  | 1000
          spark.executor.memory=4g;spark.executor.memoryOverhead=200             | 4296  | 1000
          spark.executor.memory=10g                                              | 11264 | 1000
          spark.executor.memory=4g;spark.kubernetes.memoryOverheadFactor=0.4;spark.executor.memoryOverheadFactor=0.2 | 4915 | 1000
          spark.executor.memory=4g;spark.executor.minMemoryOverhead=1g           | 5120  | 1000
          spark.executor.memory=2048                                             | 2432  | 1000
          spark.executor.memory=1500k                                            | 385   | 1000
          spark.executor.memory=4G                                               | 4505  | 1000
          spark.executor.memory=4096mb                                           | 4505  | 1000
          spark.executor.memory=4g;spark.memory.offHeap.enabled=true;spark.memory.offHeap.size=1g | 5529 | 1000
          spark.executor.memory=4g;spark.memory.offHeap.enabled=true;spark.memory.offHeap.size=1073741824 | 5529 | 1000
          spark.executor.memory=4g;spark.memory.offHeap.size=1g                  | 4505  | 1000
          spark.executor.memory=4g;spark.memory.offHeap.enabled=false;spark.memory.offHeap.size=1g | 4505 | 1000
          spark.executor.memory=4g;spark.executor.pyspark.memory=512m;spark.kubernetes.resource.type=python;spark.kubernetes.memoryOverheadFactor=0.4 | 6246 | 1000
          spark.executor.memory=4g;spark.executor.pyspark.memory=512m;spark.kubernetes.resource.type=java | 4505 | 1000
          spark.executor.cores=2                                                 | 1408  | 2000
          spark.executor.cores=4;spark.kubernetes.executor.request.cores=500m    | 1408  | 500
          spark.kubernetes.executor.request.cores=0.5                            | 1408  | 500
          spark.kubernetes.executor.request.cores=1.5;spark.executor.cores=2     | 1408  | 1500
          spark.kubernetes.executor.limit.cores=4                                | 1408  | 1000
          """)
  void executorPodRequests(String settings, long mib, long milliCpu) {
    SparkProperties props = props(settings);
    SparkExecutorSizing.ContainerSize size = sized(props).executor();
    assertThat(size.memoryMiB()).isEqualTo(mib);
    assertThat(size.milliCpu()).isEqualTo(milliCpu);
    // The pod Spark builds from it requests exactly that (memory request = limit).
    assertThat(ExecutorPodModel.build(Optional.empty(), props, size).requests())
        .isEqualTo(Resources.pod(milliCpu, mib << 20));
  }

  @ParameterizedTest(name = "[{index}] {0} → driver {1}Mi / {2}m")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                                                     | 1408 | 1000
          spark.driver.memory=2g;spark.kubernetes.memoryOverheadFactor=0.1       | 2432 | 1000
          spark.driver.memory=512m                                               | 896  | 1000
          spark.driver.memory=8g                                                 | 9011 | 1000
          spark.driver.memory=8g;spark.kubernetes.resource.type=python           | 11468 | 1000
          spark.driver.memory=8g;spark.kubernetes.resource.type=r                | 11468 | 1000
          spark.driver.memory=8g;spark.kubernetes.resource.type=python;spark.kubernetes.memoryOverheadFactor=0.1 | 9011 | 1000
          spark.driver.memory=8g;spark.driver.memoryOverheadFactor=0.2;spark.kubernetes.memoryOverheadFactor=0.1 | 9830 | 1000
          spark.driver.memory=2g;spark.driver.memoryOverhead=1g                  | 3072 | 1000
          spark.driver.memory=2g;spark.driver.minMemoryOverhead=512m             | 2560 | 1000
          spark.driver.cores=2                                                   | 1408 | 2000
          spark.driver.cores=2;spark.kubernetes.driver.request.cores=100m        | 1408 | 100
          """)
  void driverPodRequests(String settings, long mib, long milliCpu) {
    SparkExecutorSizing.ContainerSize size = sized(props(settings)).driver();
    assertThat(size.memoryMiB()).isEqualTo(mib);
    assertThat(size.milliCpu()).isEqualTo(milliCpu);
  }

  @ParameterizedTest(name = "[{index}] {0} → min {1}, max {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                                                               | 2  | 2
          spark.executor.instances=5                                                       | 5  | 5
          spark.executor.instances=0                                                       | 0  | 0
          spark.dynamicAllocation.enabled=false;spark.dynamicAllocation.minExecutors=3     | 2  | 2
          spark.dynamicAllocation.enabled=true                                             | 0  | 2147483647
          spark.dynamicAllocation.enabled=true;spark.dynamicAllocation.minExecutors=2;spark.dynamicAllocation.maxExecutors=10 | 2 | 10
          spark.dynamicAllocation.enabled=TRUE;spark.dynamicAllocation.minExecutors=2;spark.dynamicAllocation.initialExecutors=4;spark.executor.instances=3;spark.dynamicAllocation.maxExecutors=10 | 4 | 10
          spark.dynamicAllocation.enabled=true;spark.dynamicAllocation.minExecutors=2;spark.executor.instances=6 | 6 | 2147483647
          spark.dynamicAllocation.enabled=true;spark.dynamicAllocation.initialExecutors=3  | 3  | 2147483647
          """)
  void executorCount(String settings, int min, int max) {
    SparkExecutorSizing.ExecutorCount count = sized(props(settings)).executors();
    assertThat(count.min()).isEqualTo(min);
    assertThat(count.max()).isEqualTo(max);
  }

  @Test
  void theMinimumOverheadSettingOnlyExistsFromSpark4() {
    SparkProperties p = props("spark.executor.memory=4g;spark.executor.minMemoryOverhead=1g");
    assertThat(sized(p, "4.0.1").executor().memoryMiB()).isEqualTo(5120);
    assertThat(sized(p, "3.5.6").executor().memoryMiB()).isEqualTo(4505);
    assertThat(sized(p, "not-a-version").executor().memoryMiB()).isEqualTo(5120);
  }

  @Test
  void customResourcesBecomeVendorQualifiedLimits() {
    SparkProperties p =
        props(
            "spark.executor.resource.gpu.amount=2;spark.executor.resource.gpu.vendor=nvidia.com;"
                + "spark.executor.resource.gpu.discoveryScript=/opt/gpu.sh;"
                + "spark.executor.resource.fpga.amount=1;spark.executor.resource.fpga.vendor=xilinx.com");
    SparkExecutorSizing.ContainerSize size = sized(p).executor();
    assertThat(size.customResources())
        .isEqualTo(Map.of("nvidia.com/gpu", 2L, "xilinx.com/fpga", 1L));
    assertThat(ExecutorPodModel.build(Optional.empty(), p, size).requests())
        .isEqualTo(
            Resources.pod(1000, 1408L << 20)
                .withExtended("nvidia.com/gpu", 2)
                .withExtended("xilinx.com/fpga", 1));
  }

  @ParameterizedTest(name = "[{index}] {0} is rejected naming {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          spark.executor.memory=4x                                          | spark.executor.memory
          spark.executor.memory=1.5g                                        | spark.executor.memory
          spark.executor.memory=-1g                                         | spark.executor.memory
          spark.executor.memory=99999999999999999999g                       | spark.executor.memory
          spark.driver.memory=lots                                          | spark.driver.memory
          spark.executor.memoryOverhead=1q                                  | spark.executor.memoryOverhead
          spark.executor.cores=two                                          | spark.executor.cores
          spark.executor.cores=0                                            | spark.executor.cores
          spark.kubernetes.executor.request.cores=1 CPU                     | spark.kubernetes.executor.request.cores
          spark.kubernetes.memoryOverheadFactor=-0.1                        | spark.kubernetes.memoryOverheadFactor
          spark.executor.memoryOverheadFactor=NaN                           | spark.executor.memoryOverheadFactor
          spark.memory.offHeap.enabled=true                                 | spark.memory.offHeap.size
          spark.memory.offHeap.enabled=yes                                  | spark.memory.offHeap.enabled
          spark.executor.resource.gpu.amount=1                              | spark.executor.resource.gpu.vendor
          spark.executor.resource.gpu.vendor=nvidia.com                     | spark.executor.resource.gpu.amount
          spark.executor.resource.gpu.amount=x;spark.executor.resource.gpu.vendor=nvidia.com | spark.executor.resource.gpu.amount
          spark.executor.instances=-1                                       | spark.executor.instances
          spark.dynamicAllocation.enabled=yes                               | spark.dynamicAllocation.enabled
          spark.dynamicAllocation.enabled=true;spark.dynamicAllocation.maxExecutors=0 | spark.dynamicAllocation.maxExecutors
          spark.dynamicAllocation.enabled=true;spark.dynamicAllocation.minExecutors=5;spark.dynamicAllocation.maxExecutors=3 | spark.dynamicAllocation.minExecutors
          spark.dynamicAllocation.enabled=true;spark.executor.instances=6;spark.dynamicAllocation.maxExecutors=5 | spark.dynamicAllocation.maxExecutors
          """)
  void settingsSparkRejectsAreRejectedByKey(String settings, String key) {
    SparkExecutorSizing.Result r = SparkExecutorSizing.of(props(settings));
    assertThat(r).isInstanceOf(SparkExecutorSizing.Result.Rejected.class);
    List<Problem> problems = ((SparkExecutorSizing.Result.Rejected) r).problems();
    assertThat(problems).extracting(Problem::subject).contains(key);
    assertThat(problems)
        .allSatisfy(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.INVALID_SPARK_PROPERTY));
  }

  @Test
  void everyRejectedSettingIsReportedAtOnce() {
    SparkExecutorSizing.Result r =
        SparkExecutorSizing.of(props("spark.executor.memory=4x;spark.executor.cores=two"));
    assertThat(((SparkExecutorSizing.Result.Rejected) r).problems())
        .extracting(Problem::subject)
        .containsExactlyInAnyOrder("spark.executor.memory", "spark.executor.cores");
  }

  @Test
  void overheadTruncatesLikeScalaToInt() {
    // 0.1 × 4096 = 409.6 → 409, and the floor is 384.
    assertThat(SparkExecutorSizing.overhead(0.1, 4096, 384)).isEqualTo(409);
    assertThat(SparkExecutorSizing.overhead(0.1, 1024, 384)).isEqualTo(384);
    assertThat(SparkExecutorSizing.overhead(0.4, 4096, 384)).isEqualTo(1638);
  }

  static SparkProperties props(String settings) {
    Map<String, String> m = new HashMap<>();
    for (String kv : settings.split(";")) {
      if (!kv.isBlank()) {
        int eq = kv.indexOf('=');
        m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
      }
    }
    return SparkProperties.of(m);
  }

  private static SparkExecutorSizing.Sizing sized(SparkProperties p) {
    return sized(p, null);
  }

  private static SparkExecutorSizing.Sizing sized(SparkProperties p, String version) {
    SparkExecutorSizing.Result r = SparkExecutorSizing.of(p, Optional.ofNullable(version));
    assertThat(r).isInstanceOf(SparkExecutorSizing.Result.Sized.class);
    return ((SparkExecutorSizing.Result.Sized) r).sizing();
  }
}
