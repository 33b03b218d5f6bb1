package io.muster.extender.spark;

import static io.muster.extender.spark.GangAnnotationsTest.annotated;
import static io.muster.extender.spark.GangAnnotationsTest.known;
import static io.muster.extender.spark.GangAnnotationsTest.withoutConfVolume;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Absurd executor counts are refused by inference, whatever the source (found by fuzzing: two
 * billion executors reached the placer, which ran out of memory building the reservation).
 */
class GangSizeLimitTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final String CONF = "spark-drv-27f6b4a1fc92ac87-conf-map";
  private final GangInference inference = new GangInference();

  @Test
  void annotationsUpToTheLimitAreKnown() {
    Pod driver = withoutConfVolume(annotated(annotations("20000")));
    GangInference.Result r = inference.infer(driver, n -> Optional.empty(), Optional.empty(), NOW);
    assertThat(known(r).spec().minExecutors()).isEqualTo(GangInference.MAX_MIN_EXECUTORS);
  }

  @Test
  void annotationsOverTheLimitAreInvalid() {
    Pod driver = withoutConfVolume(annotated(annotations("2147483647")));
    GangInference.Result r = inference.infer(driver, n -> Optional.empty(), Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i ->
                assertThat(i.problems().get(0).describe())
                    .contains("a minimum of 2147483647 executors is over Muster's limit of 20000")
                    .contains("driver annotations"));
  }

  @Test
  void sparkInstancesOverTheLimitAreInvalid() {
    Pod driver = Fixtures.driver("s4-cluster-basic");
    ConfigMap conf =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(CONF)
            .endMetadata()
            .withData(Map.of("spark.properties", "spark.executor.instances=20001\n"))
            .build();
    GangInference.Result r = inference.infer(driver, n -> Optional.of(conf), Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i ->
                assertThat(i.problems().get(0).describe())
                    .contains("a minimum of 20001 executors")
                    .contains("spark.properties in ConfigMap " + CONF));
  }

  @Test
  void clientModeGangSizeOverTheLimitIsInvalid() {
    Pod executor = Fixtures.pods("s4-client-basic").get(0);
    executor.getMetadata().setAnnotations(Map.of(GangAnnotations.GANG_SIZE, "1000000"));
    assertThat(inference.inferClientMode(executor, NOW))
        .isInstanceOf(GangInference.Result.Invalid.class);
  }

  private static Map<String, String> annotations(String count) {
    return Map.of(
        GangAnnotations.EXECUTOR_COUNT, count,
        GangAnnotations.EXECUTOR_CPU, "1",
        GangAnnotations.EXECUTOR_MEMORY, "1Gi");
  }
}
