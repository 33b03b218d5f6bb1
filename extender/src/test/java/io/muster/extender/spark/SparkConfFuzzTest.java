package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A driver ConfigMap's {@code spark.properties} from any text: parsing fails only with the
 * documented {@link IllegalArgumentException} (a malformed {@code \\uXXXX}), and sizing always
 * answers {@code Sized} with usable numbers or {@code Rejected} with problems that never show a
 * secret-looking value. Seeds: the real {@code driver-spark.properties} files Spark 4.0.1 wrote.
 */
class SparkConfFuzzTest {
  private static final List<Optional<String>> VERSIONS =
      List.of(Optional.empty(), Optional.of("3.5.6"), Optional.of("4.0.1"), Optional.of("x"));

  @FuzzTest
  @DictionaryEntries({
    "spark.executor.memory=",
    "spark.driver.memory=",
    "spark.executor.cores=",
    "spark.executor.instances=",
    "spark.executor.memoryOverhead=",
    "spark.executor.memoryOverheadFactor=",
    "spark.kubernetes.memoryOverheadFactor=",
    "spark.executor.minMemoryOverhead=",
    "spark.kubernetes.executor.request.cores=",
    "spark.kubernetes.driver.request.cores=",
    "spark.dynamicAllocation.enabled=true",
    "spark.dynamicAllocation.minExecutors=",
    "spark.dynamicAllocation.maxExecutors=",
    "spark.dynamicAllocation.initialExecutors=",
    "spark.memory.offHeap.enabled=true",
    "spark.memory.offHeap.size=",
    "spark.kubernetes.resource.type=python",
    "spark.executor.pyspark.memory=",
    "spark.executor.resource.gpu.amount=",
    "spark.executor.resource.gpu.vendor=",
    "spark.kubernetes.executor.node.selector.",
    "spark.hadoop.fs.s3a.secret.key="
  })
  void propertiesAndSizing(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    SparkProperties props;
    try {
      props = SparkProperties.parse(text);
    } catch (IllegalArgumentException malformedEscape) {
      return; // DriverConfLookup reports it as an invalid ConfigMap
    }
    assertNoSecret(props.toString(), secretValues(props));
    for (Optional<String> version : VERSIONS) {
      switch (SparkExecutorSizing.of(props, version)) {
        case SparkExecutorSizing.Result.Sized s -> checkSized(s.sizing(), props, version);
        case SparkExecutorSizing.Result.Rejected r -> {
          assertThat(r.problems()).isNotEmpty();
          checkProblems(r.problems(), props);
        }
      }
    }
  }

  private static void checkSized(
      SparkExecutorSizing.Sizing sizing, SparkProperties props, Optional<String> version) {
    for (SparkExecutorSizing.ContainerSize c : List.of(sizing.driver(), sizing.executor())) {
      assertThat(c.milliCpu()).isNotNegative();
      assertThat(c.memoryMiB()).isNotNegative();
      assertThat(c.customResources().values()).allSatisfy(v -> assertThat(v).isPositive());
    }
    SparkExecutorSizing.ExecutorCount count = sizing.executors();
    assertThat(count.min()).isNotNegative().isLessThanOrEqualTo(count.max());
    // What gang inference does with usable settings: model the executor pod and its requests.
    // It must give a base or problems, whatever the numbers.
    GangBase.Attempt attempt =
        GangBase.fromSparkConf(
            props, Optional.empty(), version, GangSource.Basis.SPARK_CONF, "fuzz");
    if (attempt.base().isEmpty()) {
      assertThat(attempt.problems()).isNotEmpty();
      checkProblems(attempt.problems(), props);
    }
  }

  private static void checkProblems(List<Problem> problems, SparkProperties props) {
    String[] secrets = secretValues(props);
    for (Problem p : problems) {
      assertThat(p.describe()).isNotBlank();
      assertNoSecret(p.describe(), secrets);
    }
  }

  private static void assertNoSecret(String text, String[] secrets) {
    for (String secret : secrets) {
      assertThat(text).as("a secret-looking value leaked").doesNotContain(secret);
    }
  }

  /**
   * Values of secret-looking keys that are long and distinctive enough that seeing one in a message
   * can only mean it leaked: not part of any key, nor of a value that may be shown (the same text
   * may be the plain value of a harmless key too).
   */
  private static String[] secretValues(SparkProperties props) {
    List<String> shown =
        props.redacted().values().stream()
            .filter(v -> v != null && !v.equals(SecretRedaction.MASK))
            .toList();
    return props.values().entrySet().stream()
        .filter(e -> SecretRedaction.looksSecret(e.getKey()))
        .map(Map.Entry::getValue)
        .filter(v -> v.length() >= 12 && v.chars().allMatch(Character::isLetterOrDigit))
        .filter(v -> props.values().keySet().stream().noneMatch(k -> k.contains(v)))
        .filter(v -> shown.stream().noneMatch(s -> s.contains(v)))
        .toArray(String[]::new);
  }
}
