package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gang Muster infers from what Spark 4.0.1 really created (driver pod + driver ConfigMap +
 * executor template) must equal what Spark then requested on the executor pods it created.
 */
class SparkFixturesTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final MiB MI = new MiB();

  /**
   * The DefaultTolerationSeconds admission plugin adds these to every pod; they are not part of
   * Spark's executor template, so the inferred constraints lack them (and need not have them).
   */
  private static final List<Toleration> ADMISSION_DEFAULTS =
      List.of(
          new Toleration(
              "node.kubernetes.io/not-ready",
              Toleration.Operator.EXISTS,
              "",
              Optional.of(TaintEffect.NO_EXECUTE)),
          new Toleration(
              "node.kubernetes.io/unreachable",
              Toleration.Operator.EXISTS,
              "",
              Optional.of(TaintEffect.NO_EXECUTE)));

  private final GangInference inference = new GangInference();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s4-cluster-basic-executors",
        "s4-cluster-podtemplate-executors",
        "s4-cluster-dynalloc-executors"
      })
  void inferredExecutorDemandAndConstraintsEqualWhatSparkCreated(String scenario) {
    GangSpec spec = known(scenario).spec();
    List<Pod> executors = Fixtures.executors(scenario);
    assertThat(executors).isNotEmpty();
    for (Pod executor : executors) {
      assertThat(spec.executor())
          .as("executor %s", executor.getMetadata().getName())
          .isEqualTo(PodRequests.of(executor.getSpec()));
      PodConstraints actual = ExecutorConstraints.of(executor);
      assertThat(spec.executorConstraints().nodeSelector()).isEqualTo(actual.nodeSelector());
      assertThat(spec.executorConstraints().requiredTerms()).isEqualTo(actual.requiredTerms());
      List<Toleration> extra = new ArrayList<>(actual.tolerations());
      extra.removeAll(spec.executorConstraints().tolerations());
      assertThat(actual.tolerations()).containsAll(spec.executorConstraints().tolerations());
      assertThat(extra).containsExactlyInAnyOrderElementsOf(ADMISSION_DEFAULTS);
    }
  }

  @Test
  void basicClusterModeIsFourExecutorsOfTwoCpuAnd4505MiPlusTheDriversOwnRequests() {
    Pod driver = Fixtures.driver("s4-cluster-basic");
    GangInference.Result.Known k = known("s4-cluster-basic");
    GangSpec spec = k.spec();
    assertThat(spec.id()).isEqualTo(new GangId("spark", "spark-0435e44824f64261ad5a894582c03c7d"));
    assertThat(spec.minExecutors()).isEqualTo(4).isEqualTo(spec.maxExecutors());
    assertThat(Fixtures.executors("s4-cluster-basic-executors")).hasSize(spec.minExecutors());
    assertThat(spec.executor()).isEqualTo(Resources.pod(2000, MI.of(4505)));
    assertThat(spec.driver()).contains(Resources.pod(1000, MI.of(2432)));
    assertThat(spec.driver()).contains(PodRequests.of(driver.getSpec()));
    assertThat(spec.executorConstraints()).isEqualTo(PodConstraints.NONE);
    assertThat(spec.createdAt()).isEqualTo(Instant.parse("2026-11-21T05:27:13Z"));
    assertThat(spec.priority()).isZero();
    assertThat(k.source().basis()).isEqualTo(GangSource.Basis.SPARK_CONF);
    assertThat(k.source().detail()).contains("spark-drv-27f6b4a1fc92ac87-conf-map");
    assertThat(k.problems()).isEmpty();
  }

  @Test
  void podTemplateGivesExecutorNodeSelectorAndTolerationAndIgnoresEphemeralStorage() {
    GangInference.Result.Known k = known("s4-cluster-podtemplate");
    GangSpec spec = k.spec();
    assertThat(spec.minExecutors()).isEqualTo(4).isEqualTo(spec.maxExecutors());
    assertThat(spec.executor()).isEqualTo(Resources.pod(2000, MI.of(4505)));
    assertThat(spec.executorConstraints().nodeSelector())
        .isEqualTo(Map.of("spark-pool", "executors"));
    assertThat(spec.executorConstraints().tolerations())
        .containsExactly(
            new Toleration(
                "dedicated",
                Toleration.Operator.EQUAL,
                "spark",
                Optional.of(TaintEffect.NO_SCHEDULE)));
    assertThat(k.problems()).isEmpty();
  }

  @Test
  void dynamicAllocationReservesTheInitialTargetAndAllowsUpToMaxExecutors() {
    GangSpec spec = known("s4-cluster-dynalloc").spec();
    assertThat(spec.minExecutors()).isEqualTo(2);
    assertThat(spec.maxExecutors()).isEqualTo(10);
    // Spark started exactly the initial target.
    assertThat(Fixtures.executors("s4-cluster-dynalloc-executors")).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s4-cluster-basic", "s4-cluster-podtemplate", "s4-cluster-dynalloc"})
  void theSubmissionFolderAndTheExecutorsFolderGiveTheSameGang(String scenario) {
    assertThat(known(scenario).spec()).isEqualTo(known(scenario + "-executors").spec());
  }

  @ParameterizedTest
  @ValueSource(strings = {"s4-cluster-basic", "s4-cluster-podtemplate", "s4-cluster-dynalloc"})
  void sparkSizingOfTheRecordedPropertiesMatchesTheRecordedPods(String scenario) {
    SparkProperties props =
        SparkProperties.parse(Fixtures.text(scenario + "/driver-spark.properties"));
    SparkExecutorSizing.Sizing s =
        ((SparkExecutorSizing.Result.Sized) SparkExecutorSizing.of(props, Optional.of("4.0.1")))
            .sizing();
    Resources driver = PodRequests.of(Fixtures.driver(scenario).getSpec());
    assertThat(s.driver().memoryBytes()).isEqualTo(driver.memoryBytes());
    assertThat(s.driver().milliCpu()).isEqualTo(driver.milliCpu());
    Resources executor =
        PodRequests.of(Fixtures.executors(scenario + "-executors").get(0).getSpec());
    assertThat(s.executor().memoryBytes()).isEqualTo(executor.memoryBytes());
    assertThat(s.executor().milliCpu()).isEqualTo(executor.milliCpu());
  }

  @Test
  void driverFilteredBeforeItsConfigMapExistsIsPendingOnThatConfigMap() {
    Pod driver = Fixtures.driver("s4-cluster-basic");
    GangInference.Result r =
        inference.infer(driver, name -> Optional.empty(), Optional.empty(), NOW);
    assertThat(r).isInstanceOf(GangInference.Result.Pending.class);
    GangInference.Result.Pending p = (GangInference.Result.Pending) r;
    assertThat(p.awaitedConfigMaps()).containsExactly("spark-drv-27f6b4a1fc92ac87-conf-map");
    assertThat(p.fallback()).isEmpty();
    assertThat(p.why()).contains("spark-drv-27f6b4a1fc92ac87-conf-map");
  }

  @Test
  void templateConfigMapStillMissingKeepsTheDriverPending() {
    Map<String, ConfigMap> cms = new HashMap<>(Fixtures.configMaps("s4-cluster-podtemplate"));
    cms.remove("wordcount-c20ecba1fc957fbc-driver-podspec-conf-map");
    GangInference.Result r =
        inference.infer(
            Fixtures.driver("s4-cluster-podtemplate"), Fixtures.lookup(cms), Optional.empty(), NOW);
    assertThat(r)
        .isInstanceOfSatisfying(
            GangInference.Result.Pending.class,
            p ->
                assertThat(p.awaitedConfigMaps())
                    .containsExactly("wordcount-c20ecba1fc957fbc-driver-podspec-conf-map"));
  }

  @Test
  void sparkMadePodsClassifyIntoOneGangWithTheirRoles() {
    Pod driver = Fixtures.driver("s4-cluster-basic-executors");
    SparkPod.Driver d = (SparkPod.Driver) PodClassifier.classify(driver);
    List<String> ids = new ArrayList<>();
    for (Pod e : Fixtures.executors("s4-cluster-basic-executors")) {
      SparkPod.Executor x = (SparkPod.Executor) PodClassifier.classify(e);
      assertThat(x.gang()).isEqualTo(d.gang());
      assertThat(x.resourceProfileId()).isZero();
      assertThat(x.driverPod()).contains(driver.getMetadata().getName());
      assertThat(x.requests()).isEqualTo(Resources.pod(2000, MI.of(4505)));
      ids.add(x.execId().orElseThrow());
    }
    assertThat(ids).containsExactlyInAnyOrder("1", "2", "3", "4");
    assertThat(d.requests()).isEqualTo(Resources.pod(1000, MI.of(2432)));
  }

  @Test
  void clientModeExecutorsWithoutGangAnnotationAreScheduledAlone() {
    for (Pod e : Fixtures.executors("s4-client-basic")) {
      assertThat(PodClassifier.classify(e))
          .isInstanceOfSatisfying(
              SparkPod.Executor.class, x -> assertThat(x.driverPod()).isEmpty());
      assertThat(inference.inferClientMode(e, NOW)).isInstanceOf(GangInference.Result.Alone.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {GangAnnotations.GANG_SIZE, GangAnnotations.PALANTIR_EXECUTOR_COUNT})
  void clientModeExecutorsWithAGangSizeFormADriverlessGangOfTheirOwnShape(String key) {
    List<Pod> executors = Fixtures.executors("s4-client-basic");
    List<GangSpec> specs = new ArrayList<>();
    for (Pod e : executors) {
      e.getMetadata().setAnnotations(Map.of(key, "6"));
      GangInference.Result r = inference.inferClientMode(e, NOW);
      assertThat(r).isInstanceOf(GangInference.Result.Known.class);
      GangInference.Result.Known k = (GangInference.Result.Known) r;
      assertThat(k.source().basis()).isEqualTo(GangSource.Basis.EXECUTOR_ANNOTATIONS);
      specs.add(k.spec());
      assertThat(k.spec().executor()).isEqualTo(PodRequests.of(e.getSpec()));
      assertThat(k.spec().executorConstraints()).isEqualTo(ExecutorConstraints.of(e));
    }
    GangSpec first = specs.get(0);
    assertThat(first.driver()).isEmpty();
    assertThat(first.minExecutors()).isEqualTo(6).isEqualTo(first.maxExecutors());
    assertThat(first.minExecutors()).isEqualTo(executors.size());
    assertThat(first.executor()).isEqualTo(Resources.pod(2000, MI.of(4505)));
    assertThat(specs).allSatisfy(s -> assertThat(s.id()).isEqualTo(first.id()));
  }

  private GangInference.Result.Known known(String scenario) {
    GangInference.Result r =
        inference.infer(
            Fixtures.driver(scenario),
            Fixtures.lookup(Fixtures.configMaps(scenario)),
            Optional.empty(),
            NOW);
    assertThat(r).isInstanceOf(GangInference.Result.Known.class);
    return (GangInference.Result.Known) r;
  }

  /** Mebibytes to bytes. */
  private static final class MiB {
    long of(long mib) {
      return mib << 20;
    }
  }
}
