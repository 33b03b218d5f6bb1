package io.muster.extender.spark;

import static io.muster.extender.spark.GangAnnotationsTest.known;
import static io.muster.extender.spark.GangAnnotationsTest.withoutConfVolume;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Sources other than annotations, malformed input, and the Spark Operator fallback. */
class GangInferenceTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final long MI = 1L << 20;
  private static final String CONF = "spark-drv-27f6b4a1fc92ac87-conf-map";

  private final GangInference inference = new GangInference();

  @Test
  void aPodWithoutAnyGangDescriptionIsScheduledAlone() {
    Pod driver = withoutConfVolume(Fixtures.driver("s4-cluster-basic"));
    GangInference.Result r = inference.infer(driver, n -> Optional.empty(), Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Alone.class,
            a -> {
              assertThat(a.why())
                  .contains(SparkLabels.DRIVER_CONF_VOLUME)
                  .contains("SparkApplication");
              assertThat(a.problems()).isEmpty();
            });
  }

  @Test
  void aSparkApplicationSizesTheGangWhenNoConfigMapIsMounted() {
    Pod driver = withoutConfVolume(Fixtures.driver("s4-cluster-basic"));
    GangInference.Result.Known k =
        known(inference.infer(driver, n -> Optional.empty(), Optional.of(pythonApp()), NOW));
    assertThat(k.source().basis()).isEqualTo(GangSource.Basis.SPARK_APPLICATION);
    assertThat(k.source().detail()).isEqualTo("SparkApplication pi");
    assertThat(k.spec().minExecutors()).isEqualTo(3).isEqualTo(k.spec().maxExecutors());
    // PySpark: 4096 + 0.4 × 4096 = 5734Mi; the operator's GPU goes on each executor.
    assertThat(k.spec().executor())
        .isEqualTo(Resources.pod(2000, 5734 * MI).withExtended("nvidia.com/gpu", 1));
    assertThat(k.spec().executorConstraints().nodeSelector())
        .isEqualTo(Map.of("pool", "executors", "zone", "a"));
    assertThat(k.spec().executorConstraints().tolerations())
        .containsExactly(
            new Toleration(
                "gpu", Toleration.Operator.EXISTS, "", Optional.of(TaintEffect.NO_SCHEDULE)));
    assertThat(k.spec().driver()).contains(Resources.pod(1000, 2432 * MI));
  }

  @Test
  void whileTheConfigMapIsMissingASparkApplicationIsOfferedAsFallback() {
    Pod driver = Fixtures.driver("s4-cluster-basic");
    GangInference.Result r =
        inference.infer(driver, n -> Optional.empty(), Optional.of(pythonApp()), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Pending.class,
            p -> {
              assertThat(p.awaitedConfigMaps()).containsExactly(CONF);
              assertThat(p.fallback()).isPresent();
              assertThat(p.fallback().get().source().basis())
                  .isEqualTo(GangSource.Basis.SPARK_APPLICATION);
            });
  }

  @Test
  void theConfigMapWinsOverTheSparkApplicationOnceItIsThere() {
    GangInference.Result.Known k =
        known(
            inference.infer(
                Fixtures.driver("s4-cluster-basic"),
                Fixtures.lookup(Fixtures.configMaps("s4-cluster-basic")),
                Optional.of(pythonApp()),
                NOW));
    assertThat(k.source().basis()).isEqualTo(GangSource.Basis.SPARK_CONF);
    assertThat(k.spec().minExecutors()).isEqualTo(4);
  }

  @Test
  void anUnusableSparkApplicationIsReportedAndTheDriverStillWaits() {
    OperatorApplication bad =
        new OperatorApplication(
            "bad",
            Optional.empty(),
            Map.of("spark.executor.memory", "lots"),
            Optional.empty(),
            Map.of(),
            OperatorApplication.Executor.NONE,
            Optional.empty());
    GangInference.Result r =
        inference.infer(
            Fixtures.driver("s4-cluster-basic"), n -> Optional.empty(), Optional.of(bad), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Pending.class,
            p -> {
              assertThat(p.fallback()).isEmpty();
              assertThat(p.problems())
                  .extracting(Problem::kind)
                  .contains(Problem.Kind.INVALID_SPARK_APPLICATION);
            });
  }

  @Test
  void aConfigMapWithoutSparkPropertiesIsInvalid() {
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(CONF).endMetadata().build();
    GangInference.Result r =
        inference.infer(
            Fixtures.driver("s4-cluster-basic"), n -> Optional.of(cm), Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i -> {
              assertThat(i.problems().get(0).kind()).isEqualTo(Problem.Kind.INVALID_CONFIG_MAP);
              assertThat(i.problems().get(0).subject()).contains(CONF);
            });
  }

  @Test
  void aSparkSettingSparkWouldRejectMakesTheGangInvalidNamingTheKey() {
    ConfigMap cm = confMap("spark.executor.memory=4x\nspark.executor.instances=2\n");
    GangInference.Result r =
        inference.infer(
            Fixtures.driver("s4-cluster-basic"), n -> Optional.of(cm), Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i ->
                assertThat(i.problems())
                    .extracting(Problem::subject)
                    .contains("spark.executor.memory"));
  }

  @Test
  void sparkDefaultsApplyToKeysSparkDidNotWrite() {
    ConfigMap cm = confMap("spark.app.name=x\n");
    GangInference.Result.Known k =
        known(
            inference.infer(
                Fixtures.driver("s4-cluster-basic"), n -> Optional.of(cm), Optional.empty(), NOW));
    assertThat(k.spec().minExecutors()).isEqualTo(2).isEqualTo(k.spec().maxExecutors());
    assertThat(k.spec().executor()).isEqualTo(Resources.pod(1000, 1408 * MI));
  }

  @Test
  void anUnparseableExecutorTemplateIsInvalid() {
    Map<String, ConfigMap> cms = new HashMap<>(Fixtures.configMaps("s4-cluster-podtemplate"));
    String name = "wordcount-c20ecba1fc957fbc-driver-podspec-conf-map";
    cms.put(
        name,
        new ConfigMapBuilder(cms.get(name))
            .withData(Map.of("podspec-configmap-key", "spec: [unclosed"))
            .build());
    GangInference.Result r =
        inference.infer(
            Fixtures.driver("s4-cluster-podtemplate"), Fixtures.lookup(cms), Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i ->
                assertThat(i.problems().get(0).kind())
                    .isEqualTo(Problem.Kind.INVALID_POD_TEMPLATE));
  }

  @Test
  void aTemplateThatIsNotMountedFromAConfigMapIsAWarning() {
    Pod driver = Fixtures.driver("s4-cluster-podtemplate");
    driver.getSpec().getContainers().get(0).setVolumeMounts(List.of());
    GangInference.Result.Known k =
        known(
            inference.infer(
                driver,
                Fixtures.lookup(Fixtures.configMaps("s4-cluster-podtemplate")),
                Optional.empty(),
                NOW));
    assertThat(k.spec().executorConstraints()).isEqualTo(PodConstraints.NONE);
    assertThat(k.problems())
        .extracting(Problem::kind)
        .containsExactly(Problem.Kind.POD_TEMPLATE_UNREADABLE);
  }

  @Test
  void creationTimeComesFromThePodOrElseNow() {
    Pod driver = Fixtures.driver("s4-cluster-basic");
    var cache = Fixtures.lookup(Fixtures.configMaps("s4-cluster-basic"));
    driver.getMetadata().setCreationTimestamp("2026-11-21T06:27:13+01:00");
    assertThat(known(inference.infer(driver, cache, Optional.empty(), NOW)).spec().createdAt())
        .isEqualTo(Instant.parse("2026-11-21T05:27:13Z"));
    driver.getMetadata().setCreationTimestamp("yesterday");
    assertThat(known(inference.infer(driver, cache, Optional.empty(), NOW)).spec().createdAt())
        .isEqualTo(NOW);
    driver.getMetadata().setCreationTimestamp(null);
    assertThat(known(inference.infer(driver, cache, Optional.empty(), NOW)).spec().createdAt())
        .isEqualTo(NOW);
  }

  @Test
  void notADriverIsInvalidNeverAnException() {
    Pod executor = Fixtures.executors("s4-cluster-basic-executors").get(0);
    assertThat(inference.infer(executor, n -> Optional.empty(), Optional.empty(), NOW))
        .isInstanceOfSatisfying(
            GangInference.Result.Invalid.class,
            i -> assertThat(i.problems().get(0).message()).contains("executor pod"));
    assertThat(inference.infer(null, n -> Optional.empty(), Optional.empty(), NOW))
        .isInstanceOf(GangInference.Result.Invalid.class);
    assertThat(inference.infer(new Pod(), n -> Optional.empty(), Optional.empty(), NOW))
        .isInstanceOf(GangInference.Result.Invalid.class);
    assertThat(inference.inferClientMode(Fixtures.driver("s4-cluster-basic"), NOW))
        .isInstanceOf(GangInference.Result.Invalid.class);
  }

  @Test
  void aDriverWithMalformedVolumesIsNotConfusedForOneWithAConfigMap() {
    Pod driver = Fixtures.driver("s4-cluster-basic");
    driver
        .getSpec()
        .getVolumes()
        .forEach(
            v -> {
              if (v.getConfigMap() != null) {
                v.getConfigMap().setName(null);
              }
            });
    driver.getSpec().getVolumes().add(null);
    assertThat(inference.infer(driver, n -> Optional.empty(), Optional.empty(), NOW))
        .isInstanceOf(GangInference.Result.Alone.class);
  }

  private static ConfigMap confMap(String properties) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(CONF)
        .endMetadata()
        .withData(Map.of("spark.properties", properties))
        .build();
  }

  private static OperatorApplication pythonApp() {
    return new OperatorApplication(
        "pi",
        Optional.of("Python"),
        Map.of("spark.executor.instances", "9", "spark.kubernetes.node.selector.zone", "a"),
        Optional.empty(),
        Map.of(),
        new OperatorApplication.Executor(
            OptionalInt.of(3),
            OptionalInt.of(2),
            Optional.empty(),
            Optional.of("4g"),
            Optional.empty(),
            Optional.of(new OperatorApplication.Gpu("nvidia.com/gpu", 1)),
            new PodConstraints(
                Map.of("pool", "executors"),
                List.of(),
                List.of(
                    new Toleration(
                        "gpu",
                        Toleration.Operator.EXISTS,
                        "",
                        Optional.of(TaintEffect.NO_SCHEDULE))))),
        Optional.empty());
  }
}
