package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Driver annotations: precedence over Spark's ConfigMap, aliases, misspellings, bad values. */
class GangAnnotationsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final long MI = 1L << 20;
  private static final Function<String, Optional<ConfigMap>> EMPTY_CACHE = n -> Optional.empty();

  private final GangInference inference = new GangInference();

  @Test
  void completeMusterAnnotationsNeedNoOtherSource() {
    Pod driver =
        withoutConfVolume(
            annotated(
                Map.of(
                    GangAnnotations.EXECUTOR_COUNT, "8",
                    GangAnnotations.EXECUTOR_CPU, "2",
                    GangAnnotations.EXECUTOR_MEMORY, "4505Mi")));
    GangInference.Result.Known k =
        known(inference.infer(driver, EMPTY_CACHE, Optional.empty(), NOW));
    GangSpec spec = k.spec();
    assertThat(spec.minExecutors()).isEqualTo(8).isEqualTo(spec.maxExecutors());
    assertThat(spec.executor()).isEqualTo(Resources.pod(2000, 4505 * MI));
    assertThat(spec.driver()).contains(Resources.pod(1000, 2432 * MI));
    assertThat(spec.executorConstraints()).isEqualTo(PodConstraints.NONE);
    assertThat(k.source().basis()).isEqualTo(GangSource.Basis.ANNOTATIONS);
    assertThat(k.source().annotations())
        .containsExactlyInAnyOrder(
            GangAnnotations.EXECUTOR_COUNT,
            GangAnnotations.EXECUTOR_CPU,
            GangAnnotations.EXECUTOR_MEMORY);
    assertThat(k.problems()).isEmpty();
  }

  @Test
  void completeAnnotationsDoNotWaitForTheConfigMapButSayConstraintsAreUnknown() {
    Pod driver =
        annotated(
            Map.of(
                GangAnnotations.MIN_EXECUTORS, "2",
                GangAnnotations.MAX_EXECUTORS, "10",
                GangAnnotations.EXECUTOR_CPU, "2",
                GangAnnotations.EXECUTOR_MEMORY, "4505Mi"));
    GangInference.Result.Known k =
        known(inference.infer(driver, EMPTY_CACHE, Optional.empty(), NOW));
    assertThat(k.spec().minExecutors()).isEqualTo(2);
    assertThat(k.spec().maxExecutors()).isEqualTo(10);
    assertThat(k.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.EXECUTOR_CONSTRAINTS_UNKNOWN);
    assertThat(k.problems().get(0).subject()).contains("spark-drv-041afca1fc958405-conf-map");
  }

  @Test
  void completeAnnotationsTakeConstraintsFromTheConfigMapWhenItIsThere() {
    Pod driver =
        annotated(
            Map.of(
                GangAnnotations.EXECUTOR_COUNT, "4",
                GangAnnotations.EXECUTOR_CPU, "2",
                GangAnnotations.EXECUTOR_MEMORY, "4505Mi"));
    GangInference.Result.Known k =
        known(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW));
    assertThat(k.source().basis()).isEqualTo(GangSource.Basis.ANNOTATIONS);
    assertThat(k.source().detail()).contains("constraints from").contains("conf-map");
    assertThat(k.spec().executorConstraints().nodeSelector())
        .isEqualTo(Map.of("spark-pool", "executors"));
    assertThat(k.problems()).isEmpty();
  }

  @Test
  void anAnnotationThatDisagreesWithSparkWinsWithAWarning() {
    Pod driver = annotated(Map.of(GangAnnotations.EXECUTOR_MEMORY, "8Gi"));
    GangInference.Result.Known k =
        known(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW));
    assertThat(k.spec().executor()).isEqualTo(Resources.pod(2000, 8192 * MI));
    assertThat(k.source().basis()).isEqualTo(GangSource.Basis.SPARK_CONF);
    assertThat(k.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.SIZE_MISMATCH);
  }

  @Test
  void aPartialAnnotationOverridesOneFieldOfSparksConfig() {
    Pod driver = annotated(Map.of(GangAnnotations.EXECUTOR_COUNT, "8"));
    GangInference.Result.Known k =
        known(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW));
    assertThat(k.spec().minExecutors()).isEqualTo(8).isEqualTo(k.spec().maxExecutors());
    assertThat(k.spec().executor()).isEqualTo(Resources.pod(2000, 4505 * MI));
    assertThat(k.source().basis()).isEqualTo(GangSource.Basis.SPARK_CONF);
    assertThat(k.source().annotations()).containsExactly(GangAnnotations.EXECUTOR_COUNT);
    assertThat(k.source().describe()).contains("+ " + GangAnnotations.EXECUTOR_COUNT);
  }

  @Test
  void aPartialAnnotationStillWaitsForTheConfigMap() {
    Pod driver = annotated(Map.of(GangAnnotations.EXECUTOR_COUNT, "8"));
    assertThat(inference.infer(driver, EMPTY_CACHE, Optional.empty(), NOW))
        .isInstanceOf(GangInference.Result.Pending.class);
  }

  @Test
  void partialAnnotationsAndNoOtherSourceScheduleTheDriverAloneSayingWhatIsMissing() {
    Pod driver = withoutConfVolume(annotated(Map.of(GangAnnotations.EXECUTOR_COUNT, "8")));
    GangInference.Result r = inference.infer(driver, EMPTY_CACHE, Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Alone.class,
            a ->
                assertThat(a.why())
                    .contains(GangAnnotations.EXECUTOR_CPU)
                    .contains(GangAnnotations.EXECUTOR_MEMORY)
                    .doesNotContain(GangAnnotations.EXECUTOR_COUNT + " (or"));
  }

  @Test
  void palantirAnnotationsWorkAsAliases() {
    Pod driver =
        withoutConfVolume(
            annotated(
                Map.of(
                    "spark-driver-cpu", "1",
                    "spark-driver-mem", "2432Mi",
                    "spark-executor-cpu", "2",
                    "spark-executor-mem", "4505Mi",
                    "spark-dynamic-allocation-enabled", "true",
                    "spark-dynamic-allocation-min-executor-count", "2",
                    "spark-dynamic-allocation-max-executor-count", "10")));
    GangInference.Result.Known k =
        known(inference.infer(driver, EMPTY_CACHE, Optional.empty(), NOW));
    assertThat(k.spec().minExecutors()).isEqualTo(2);
    assertThat(k.spec().maxExecutors()).isEqualTo(10);
    assertThat(k.spec().executor()).isEqualTo(Resources.pod(2000, 4505 * MI));
    assertThat(k.source().basis()).isEqualTo(GangSource.Basis.ANNOTATIONS);
    assertThat(k.problems()).isEmpty();
  }

  @Test
  void palantirStaticCount() {
    Pod driver =
        withoutConfVolume(
            annotated(
                Map.of(
                    "spark-executor-cpu", "1",
                    "spark-executor-mem", "1408Mi",
                    "spark-executor-count", "3",
                    "spark-dynamic-allocation-min-executor-count", "9")));
    GangInference.Result.Known k =
        known(inference.infer(driver, EMPTY_CACHE, Optional.empty(), NOW));
    assertThat(k.spec().minExecutors()).isEqualTo(3).isEqualTo(k.spec().maxExecutors());
    assertThat(k.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.IGNORED_ANNOTATION);
  }

  @Test
  void musterKeysWinOverDifferingPalantirAliases() {
    Pod driver =
        withoutConfVolume(
            annotated(
                Map.of(
                    GangAnnotations.EXECUTOR_COUNT,
                    "4",
                    GangAnnotations.EXECUTOR_CPU,
                    "2",
                    GangAnnotations.EXECUTOR_MEMORY,
                    "4Gi",
                    "spark-executor-count",
                    "5",
                    "spark-executor-cpu",
                    "3",
                    "spark-executor-mem",
                    "4Gi")));
    GangInference.Result.Known k =
        known(inference.infer(driver, EMPTY_CACHE, Optional.empty(), NOW));
    assertThat(k.spec().minExecutors()).isEqualTo(4);
    assertThat(k.spec().executor().milliCpu()).isEqualTo(2000);
    assertThat(k.problems())
        .extracting(Problem::subject)
        .containsExactlyInAnyOrder(
            "annotation spark-executor-count", "annotation spark-executor-cpu");
    assertThat(k.problems())
        .extracting(Problem::kind)
        .containsOnly(Problem.Kind.CONFLICTING_ANNOTATIONS);
  }

  @ParameterizedTest(name = "{0} → did you mean {1}")
  @CsvSource({
    "muster.io/executor-cout, muster.io/executor-count",
    "muster.io/executor-mem, muster.io/executor-memory",
    "muster.io/minexecutors, muster.io/min-executors",
    "spark-executor-cont, spark-executor-count",
    "spark-executor-memm, spark-executor-mem",
  })
  void misspelledKeysAreReportedWithASuggestionAndTheGangStillComesFromSpark(
      String key, String suggestion) {
    Pod driver = annotated(Map.of(key, "7"));
    GangInference.Result.Known k =
        known(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW));
    assertThat(k.spec().minExecutors()).isEqualTo(4);
    assertThat(k.problems()).hasSize(1);
    Problem p = k.problems().get(0);
    assertThat(p.kind()).isEqualTo(Problem.Kind.UNKNOWN_ANNOTATION);
    assertThat(p.subject()).isEqualTo("annotation " + key);
    assertThat(p.message()).contains("did you mean " + suggestion);
  }

  @Test
  void unknownMusterKeyFarFromAnyKnownOneListsTheKnownKeys() {
    Pod driver = annotated(Map.of("muster.io/queue", "batch"));
    GangInference.Result.Known k =
        known(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW));
    assertThat(k.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("known: "));
  }

  @Test
  void unrelatedAnnotationsAndSystemKeysAreNotReported() {
    Pod driver =
        annotated(
            Map.of(
                "example.com/team", "analytics",
                "spark-ui-url", "http://x",
                "muster.io/reservation", "{}"));
    GangInference withSystemKey = new GangInference(Set.of("muster.io/reservation"));
    GangInference.Result.Known k =
        known(withSystemKey.infer(driver, podTemplateCache(), Optional.empty(), NOW));
    assertThat(k.problems()).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1} is invalid")
  @CsvSource({
    "muster.io/executor-count, ten",
    "muster.io/executor-count, -1",
    "muster.io/executor-count, +3",
    "muster.io/executor-count, 1.5",
    "muster.io/executor-count, 99999999999",
    "muster.io/min-executors, ''",
    "muster.io/executor-memory, 4gb",
    "muster.io/executor-memory, -4Gi",
    "muster.io/executor-cpu, two",
    "muster.io/priority, high",
    "spark-executor-count, many",
    "spark-executor-mem, 4g",
    "spark-driver-cpu, 1 CPU",
    "spark-dynamic-allocation-enabled, yes",
  })
  void anUnusableValueMakesTheGangInvalidNamingTheAnnotation(String key, String value) {
    Pod driver = annotated(Map.of(key, value));
    GangInference.Result r = inference.infer(driver, podTemplateCache(), Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i -> {
              assertThat(i.problems().get(0).kind()).isEqualTo(Problem.Kind.INVALID_ANNOTATION);
              assertThat(i.problems().get(0).subject()).isEqualTo("annotation " + key);
            });
  }

  @Test
  void countAndMinMaxTogetherConflict() {
    Pod driver =
        annotated(Map.of(GangAnnotations.EXECUTOR_COUNT, "3", GangAnnotations.MIN_EXECUTORS, "2"));
    assertThat(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW))
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i ->
                assertThat(i.problems())
                    .extracting(Problem::kind)
                    .contains(Problem.Kind.CONFLICTING_ANNOTATIONS));
  }

  @Test
  void minAboveMaxIsInvalidWhetherBothAreAnnotationsOrOneComesFromSpark() {
    Pod both =
        annotated(Map.of(GangAnnotations.MIN_EXECUTORS, "5", GangAnnotations.MAX_EXECUTORS, "3"));
    assertThat(inference.infer(both, podTemplateCache(), Optional.empty(), NOW))
        .isInstanceOf(GangInference.Result.Invalid.class);
    Pod dynalloc = Fixtures.driver("s4-cluster-dynalloc");
    dynalloc.getMetadata().setAnnotations(Map.of(GangAnnotations.MIN_EXECUTORS, "12"));
    GangInference.Result r =
        inference.infer(
            dynalloc,
            Fixtures.lookup(Fixtures.configMaps("s4-cluster-dynalloc")),
            Optional.empty(),
            NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i -> assertThat(i.problems().get(0).message()).contains("12").contains("10"));
  }

  @Test
  void priorityAnnotationOverridesSpecPriority() {
    Pod driver = annotated(Map.of(GangAnnotations.PRIORITY, "-5"));
    driver.getSpec().setPriority(1000);
    assertThat(
            known(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW))
                .spec()
                .priority())
        .isEqualTo(-5);
    Pod plain = annotated(Map.of());
    plain.getSpec().setPriority(1000);
    assertThat(
            known(inference.infer(plain, podTemplateCache(), Optional.empty(), NOW))
                .spec()
                .priority())
        .isEqualTo(1000);
  }

  @Test
  void annotationsForOtherRolesAreIgnoredWithAWarning() {
    Pod driver = annotated(Map.of(GangAnnotations.GANG_SIZE, "6"));
    GangInference.Result.Known k =
        known(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW));
    assertThat(k.spec().minExecutors()).isEqualTo(4);
    assertThat(k.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.IGNORED_ANNOTATION);

    Pod executor = Fixtures.executors("s4-client-basic").get(0);
    executor
        .getMetadata()
        .setAnnotations(
            Map.of(GangAnnotations.GANG_SIZE, "6", GangAnnotations.EXECUTOR_COUNT, "6"));
    GangInference.Result.Known e = known(inference.inferClientMode(executor, NOW));
    assertThat(e.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.IGNORED_ANNOTATION);
  }

  @Test
  void palantirDriverSizesThatDifferFromThePodAreReportedAndThePodWins() {
    Pod driver = annotated(Map.of("spark-driver-cpu", "4", "spark-driver-mem", "2432Mi"));
    GangInference.Result.Known k =
        known(inference.infer(driver, podTemplateCache(), Optional.empty(), NOW));
    assertThat(k.spec().driver()).contains(Resources.pod(1000, 2432 * MI));
    assertThat(k.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.subject()).isEqualTo("annotation spark-driver-cpu"));
  }

  @Test
  void clientModeGangSizeMustBePositive() {
    Pod executor = Fixtures.executors("s4-client-basic").get(0);
    executor.getMetadata().setAnnotations(Map.of(GangAnnotations.GANG_SIZE, "0"));
    assertThat(inference.inferClientMode(executor, NOW))
        .isInstanceOf(GangInference.Result.Invalid.class);
  }

  static Pod annotated(Map<String, String> annotations) {
    Pod driver = Fixtures.driver("s4-cluster-podtemplate");
    driver.getMetadata().setAnnotations(new HashMap<>(annotations));
    return driver;
  }

  static Pod withoutConfVolume(Pod driver) {
    driver.getSpec().setVolumes(List.of());
    return driver;
  }

  static Function<String, Optional<ConfigMap>> podTemplateCache() {
    return Fixtures.lookup(Fixtures.configMaps("s4-cluster-podtemplate"));
  }

  static GangInference.Result.Known known(GangInference.Result r) {
    assertThat(r).isInstanceOf(GangInference.Result.Known.class);
    return (GangInference.Result.Known) r;
  }
}
