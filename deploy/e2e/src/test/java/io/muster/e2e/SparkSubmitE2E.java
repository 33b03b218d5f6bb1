package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.muster.placement.model.Resources;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 11: pods made by Apache Spark itself. Spark's own submission client and driver code
 * (spark-core + spark-kubernetes from Maven Central, in JVMs of their own) create every pod and
 * ConfigMap here; the test only watches, reads and asserts. No kubelet runs, so pods are bound and
 * never start: a cluster-mode driver never creates its executors, and Spark's driver code run on
 * this machine with that driver's own {@code spark.properties} creates them instead, as the in-pod
 * driver would (same application id, owned by the driver pod).
 */
class SparkSubmitE2E extends E2EBase {
  private static final String DRIVER_PROGRAM = "io.muster.e2e.spark.ClientModeDriver";
  private static final Duration SUBMIT_BOUND = Duration.ofSeconds(90);

  /** The driver program's own bound; the test normally ends it much sooner. */
  private static final String HOLD_SECONDS = "150";

  private static final long MIB = 1024L * 1024;

  /** Spark's executor pod memory for 4g: 4096 + max(384, 0.1 × 4096) MiB. */
  private static final long EXECUTOR_4G_POD_MIB = SparkApp.podMemoryMiB(4096);

  /** Spark's pod memory for its default 1g (driver and executor): 1024 + 384 MiB. */
  private static final long DEFAULT_1G_POD_MIB = SparkApp.podMemoryMiB(1024);

  private SparkInstall spark;

  @BeforeEach
  void locateSpark() {
    spark = SparkInstall.locate(plane.repo());
  }

  @Test
  void clusterModeSubmissionIsAGangMusterInfersFromSparksOwnObjectsWithoutAnnotations()
      throws IOException {
    try (AsCreated seen = AsCreated.watch(plane.client())) {
      try (SparkJvm submit =
          SparkJvm.start(
              spark,
              plane,
              "spark-submit-cluster",
              "org.apache.spark.deploy.SparkSubmit",
              List.of(
                  "--master",
                  "k8s://" + plane.env("APISERVER_URL"),
                  "--deploy-mode",
                  "cluster",
                  "--name",
                  "wordcount",
                  "--class",
                  "org.apache.spark.examples.SparkPi",
                  "--conf",
                  "spark.kubernetes.scheduler.name=muster",
                  "--conf",
                  "spark.kubernetes.namespace=" + ControlPlane.NAMESPACE,
                  "--conf",
                  "spark.executor.instances=4",
                  "--conf",
                  "spark.executor.cores=2",
                  "--conf",
                  "spark.executor.memory=4g",
                  "--conf",
                  "spark.kubernetes.submission.waitAppCompletion=false",
                  "--conf",
                  "spark.kubernetes.container.image=" + image(),
                  "local:///opt/spark/examples/jars/spark-examples.jar"))) {
        assertThat(submit.awaitExit(SUBMIT_BOUND))
            .as("spark-submit's exit code; tail of its log:\n%s", submit.tail(30))
            .isZero();
      }

      Waits.until(
          Duration.ofSeconds(10),
          "the driver pod spark-submit created",
          () -> seen.podsLabelled("spark-role", "driver").size() == 1);
      Pod driverAsCreated = seen.podsLabelled("spark-role", "driver").get(0);
      String driverName = driverAsCreated.getMetadata().getName();
      String appId = AsCreated.labels(driverAsCreated).get("spark-app-selector");
      String configMapName = confVolumeConfigMap(driverAsCreated);
      assertDriverAsSparkWritesIt(driverAsCreated);
      Waits.until(
          Duration.ofSeconds(10),
          "ConfigMap " + configMapName + " created",
          () -> seen.configMap(configMapName).isPresent());
      ConfigMap configMapAsCreated = seen.configMap(configMapName).orElseThrow();
      Properties sparkProperties = properties(configMapAsCreated);
      assertConfigMapAsSparkWritesIt(
          configMapAsCreated, sparkProperties, driverAsCreated, driverName, appId);

      kube.awaitBound(List.of(driverName), BIND_BOUND);

      // Muster inferred the gang from the driver pod and spark.properties alone.
      DebugGangs gangs = DebugGangs.read(plane);
      JsonNode gang = gangs.gang(appId).orElseThrow(() -> new AssertionError("no gang: " + gangs));
      JsonNode demand = gang.path("demand");
      assertThat(demand.path("minExecutors").asInt()).as("min executors").isEqualTo(4);
      assertThat(demand.path("maxExecutors").asInt()).as("max executors").isEqualTo(4);
      assertThat(demand.path("executor").asText())
          .as("executor demand: 2 cores, 4g heap → %s MiB by Spark's rule", EXECUTOR_4G_POD_MIB)
          .isEqualTo(Resources.pod(2000, EXECUTOR_4G_POD_MIB * MIB).describe());
      assertThat(demand.path("driver").asText())
          .as("driver demand: Spark's defaults, 1 core and 1g heap")
          .isEqualTo(Resources.pod(1000, DEFAULT_1G_POD_MIB * MIB).describe());
      assertThat(gangs.slotNodes(appId)).as("executor slots reserved").hasSize(4);
      assertThat(gangs.driverNode(appId)).isEqualTo(kube.nodeOf(driverName).orElseThrow());

      // Nobody but Spark wrote the objects the gang came from: the ConfigMap is unchanged, and the
      // driver gained only Muster's own annotations and the topology labels the API server copies
      // from the node on binding.
      Pod driverNow = kube.pod(driverName).orElseThrow();
      assertThat(annotations(driverNow).keySet())
          .as("annotations on the driver now")
          .contains("muster.io/reservation")
          .allMatch(k -> k.startsWith("muster.io/"));
      assertThat(AsCreated.labels(driverNow))
          .containsAllEntriesOf(AsCreated.labels(driverAsCreated));
      assertThat(AsCreated.labels(driverNow).keySet())
          .filteredOn(k -> !AsCreated.labels(driverAsCreated).containsKey(k))
          .allMatch(k -> k.startsWith("topology.kubernetes.io/"));
      ConfigMap configMapNow =
          plane
              .client()
              .configMaps()
              .inNamespace(ControlPlane.NAMESPACE)
              .withName(configMapName)
              .get();
      assertThat(configMapNow.getMetadata().getResourceVersion())
          .as("ConfigMap %s changed since Spark created it", configMapName)
          .isEqualTo(configMapAsCreated.getMetadata().getResourceVersion());

      // The driver never starts (no kubelet): Spark's driver code, run here with this driver's own
      // spark.properties, creates the executors the in-pod driver would have created.
      Path props = plane.repo().resolve("deploy/e2e/target/spark/" + driverName + ".properties");
      Files.createDirectories(props.getParent());
      Files.writeString(
          props, configMapNow.getData().get("spark.properties"), StandardCharsets.UTF_8);
      try (SparkJvm driverCode =
          SparkJvm.start(
              spark,
              plane,
              "spark-driver-code-" + driverName,
              DRIVER_PROGRAM,
              List.of(
                  "--master",
                  "k8s://" + plane.env("APISERVER_URL"),
                  "--hold-seconds",
                  HOLD_SECONDS,
                  "--properties-file",
                  props.toString(),
                  "--conf",
                  "spark.scheduler.minRegisteredResourcesRatio=0"))) {
        List<Pod> executors = awaitExecutorsBound(seen, driverCode, "spark-app-selector", appId, 4);
        List<String> names = names(executors);
        long lastBound = lastBound(seen, names);
        ScenarioTimings.record(
            "11 Spark cluster mode: driver -> last exec",
            lastBound - seen.seenAt(driverName).orElseThrow(),
            "spark-submit " + spark.version() + "; includes the local driver JVM's start");
        ScenarioTimings.record(
            "11 Spark cluster mode: driver -> bound",
            seen.boundAt(driverName).orElseThrow() - seen.seenAt(driverName).orElseThrow(),
            "gang inferred from spark.properties");
        ScenarioTimings.record(
            "11 Spark cluster mode: 1st exec -> last bound",
            lastBound - seen.seenAt(names.get(0)).orElseThrow(),
            "4 executors made by Spark's driver code");

        assertOnReservedSlots(appId, names);
        for (Pod e : executors) {
          assertThat(e.getMetadata().getOwnerReferences())
              .as("owner of %s", e.getMetadata().getName())
              .singleElement()
              .satisfies(
                  o -> {
                    assertThat(o.getUid()).isEqualTo(driverAsCreated.getMetadata().getUid());
                    assertThat(o.getController()).isTrue();
                  });
          assertExecutorAsSparkWritesIt(e, appId, 2, EXECUTOR_4G_POD_MIB, Map.of());
        }
      }
    }
  }

  @Test
  void clientModeExecutorsWithoutAGangSizeAreScheduledOneByOne() {
    try (AsCreated seen = AsCreated.watch(plane.client());
        SparkJvm driver = startClientModeDriver("client-solo", List.of())) {
      List<Pod> executors = awaitExecutorsBound(seen, driver, "spark-app-name", "client-solo", 3);
      List<String> names = names(executors);
      String appId = AsCreated.labels(executors.get(0)).get("spark-app-selector");
      ScenarioTimings.record(
          "11 Spark client mode, no gang: 1st exec -> last",
          lastBound(seen, names) - seen.seenAt(names.get(0)).orElseThrow(),
          "3 executors, scheduled one by one");
      for (Pod e : executors) {
        assertThat(e.getMetadata().getName()).startsWith("client-solo-exec-");
        assertThat(e.getMetadata().getOwnerReferences())
            .as("a client-mode executor has no driver pod to be owned by")
            .isNullOrEmpty();
        assertExecutorAsSparkWritesIt(e, appId, 1, DEFAULT_1G_POD_MIB, Map.of());
      }
      DebugGangs gangs = DebugGangs.read(plane);
      assertThat(gangs.gang(appId)).as("a gang for %s in %s", appId, gangs).isEmpty();
      assertThat(gangs.holdsNothing()).as("room held: %s", gangs).isTrue();
    }
  }

  @Test
  void clientModeExecutorsWithAGangSizeFormAGangOnReservedSlots() {
    try (AsCreated seen = AsCreated.watch(plane.client());
        SparkJvm driver =
            startClientModeDriver(
                "client-gang",
                List.of("--conf", "spark.kubernetes.executor.annotation.muster.io/gang-size=3"))) {
      List<Pod> executors = awaitExecutorsBound(seen, driver, "spark-app-name", "client-gang", 3);
      List<String> names = names(executors);
      String appId = AsCreated.labels(executors.get(0)).get("spark-app-selector");
      ScenarioTimings.record(
          "11 Spark client mode, gang-size 3: 1st -> last",
          lastBound(seen, names) - seen.seenAt(names.get(0)).orElseThrow(),
          "3 executors, one gang");
      for (Pod e : executors) {
        assertExecutorAsSparkWritesIt(
            e, appId, 1, DEFAULT_1G_POD_MIB, Map.of("muster.io/gang-size", "3"));
      }
      DebugGangs gangs = DebugGangs.read(plane);
      JsonNode gang = gangs.gang(appId).orElseThrow(() -> new AssertionError("no gang: " + gangs));
      assertThat(gang.path("demand").path("driver").asText()).isEqualTo("none (client mode)");
      assertThat(gang.path("demand").path("executor").asText())
          .isEqualTo(Resources.pod(1000, DEFAULT_1G_POD_MIB * MIB).describe());
      assertThat(gang.path("demand").path("minExecutors").asInt()).isEqualTo(3);
      assertThat(gangs.slotNodes(appId)).hasSize(3);
      assertOnReservedSlots(appId, names);

      // Stopping its SparkContext, Spark deletes its executors: with no driver pod, that is the
      // end of the application, and Muster must give the room back.
      driver.close();
      Waits.until(
          Duration.ofSeconds(30),
          "Muster releases the client-mode gang once Spark deleted its executors",
          () -> DebugGangs.read(plane).gang(appId).isEmpty());
      assertThat(names)
          .as("executors Spark deleted when it stopped")
          .allMatch(
              n ->
                  kube.pod(n)
                      .map(p -> p.getMetadata().getDeletionTimestamp() != null)
                      .orElse(true));
    }
  }

  private SparkJvm startClientModeDriver(String appName, List<String> extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--master",
                "k8s://" + plane.env("APISERVER_URL"),
                "--app-name",
                appName,
                "--executors",
                "3",
                "--pod-name-prefix",
                appName,
                "--image",
                image(),
                "--hold-seconds",
                HOLD_SECONDS,
                // Executors never start here: do not wait for them to register.
                "--conf",
                "spark.scheduler.minRegisteredResourcesRatio=0"));
    args.addAll(extra);
    return SparkJvm.start(spark, plane, appName, DRIVER_PROGRAM, args);
  }

  /**
   * Waits until Spark has created {@code count} executors labelled {@code key=value} and all are
   * bound; fails at once, with the log, if the Spark JVM ends first. First versions, oldest first.
   */
  private List<Pod> awaitExecutorsBound(
      AsCreated seen, SparkJvm jvm, String key, String value, int count) {
    Waits.until(
        BIND_BOUND,
        count + " executors with " + key + "=" + value + " created by Spark and bound",
        () -> {
          if (!jvm.alive()) {
            throw new AssertionError(jvm + " ended early; tail:\n" + jvm.tail(40));
          }
          List<Pod> ex = executors(seen, key, value);
          return ex.size() == count
              && ex.stream().allMatch(p -> seen.boundAt(p.getMetadata().getName()).isPresent());
        });
    List<Pod> executors = executors(seen, key, value);
    assertThat(executors).as("executors Spark created").hasSize(count);
    return executors;
  }

  private static List<Pod> executors(AsCreated seen, String key, String value) {
    return seen.podsLabelled(key, value).stream()
        .filter(p -> "executor".equals(AsCreated.labels(p).get("spark-role")))
        .toList();
  }

  private String image() {
    return "apache/spark:" + spark.version();
  }

  private void assertDriverAsSparkWritesIt(Pod d) {
    assertThat(d.getMetadata().getName()).matches("wordcount-[0-9a-f]{16}-driver");
    assertThat(AsCreated.labels(d))
        .as("labels of the driver as created")
        .containsOnlyKeys("spark-app-name", "spark-app-selector", "spark-role", "spark-version")
        .containsEntry("spark-app-name", "wordcount")
        .containsEntry("spark-role", "driver")
        .containsEntry("spark-version", spark.version());
    assertThat(AsCreated.labels(d).get("spark-app-selector")).matches("spark-[0-9a-f]{32}");
    assertThat(annotations(d)).as("annotations of the driver as created").isEmpty();
    assertThat(d.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(d.getSpec().getSchedulerName()).isEqualTo("muster");
    assertThat(d.getSpec().getNodeName()).as("bound at creation").isNullOrEmpty();
    Container c = d.getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo(image());
    assertRequests(c, 1, DEFAULT_1G_POD_MIB);
  }

  private static void assertConfigMapAsSparkWritesIt(
      ConfigMap cm, Properties p, Pod driver, String driverName, String appId) {
    assertThat(cm.getMetadata().getName()).matches("spark-drv-[0-9a-f]{16}-conf-map");
    assertThat(cm.getMetadata().getLabels()).as("labels").isNullOrEmpty();
    assertThat(cm.getMetadata().getAnnotations()).as("annotations").isNullOrEmpty();
    assertThat(cm.getImmutable()).isTrue();
    assertThat(cm.getData()).containsOnlyKeys("spark.properties", "spark.kubernetes.namespace");
    OwnerReference owner = cm.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("Pod");
    assertThat(owner.getUid()).isEqualTo(driver.getMetadata().getUid());
    assertThat(p.getProperty("spark.app.id")).isEqualTo(appId);
    assertThat(p.getProperty("spark.kubernetes.driver.pod.name")).isEqualTo(driverName);
    assertThat(p.getProperty("spark.executor.instances")).isEqualTo("4");
    assertThat(p.getProperty("spark.executor.memory")).isEqualTo("4g");
    assertThat(p.getProperty("spark.kubernetes.scheduler.name")).isEqualTo("muster");
    assertThat(p.getProperty("spark.submit.deployMode")).isEqualTo("cluster");
    assertThat(p.stringPropertyNames())
        .as("Spark writes no gang hint of its own")
        .noneMatch(k -> k.contains("annotation") || k.startsWith("muster"));
  }

  /** An executor as Spark's driver code creates it, with the pod sizes of Spark's rules. */
  private void assertExecutorAsSparkWritesIt(
      Pod e, String appId, int cores, long podMemoryMiB, Map<String, String> annotations) {
    assertThat(AsCreated.labels(e))
        .as("labels of %s as created", e.getMetadata().getName())
        .containsEntry("spark-app-selector", appId)
        .containsEntry("spark-role", "executor")
        .containsEntry("spark-exec-resourceprofile-id", "0")
        .containsEntry("spark-version", spark.version())
        .containsKey("spark-exec-id");
    assertThat(annotations(e)).as("annotations as created").isEqualTo(annotations);
    assertThat(e.getSpec().getSchedulerName()).isEqualTo("muster");
    assertRequests(e.getSpec().getContainers().get(0), cores, podMemoryMiB);
  }

  private static void assertRequests(Container c, int cores, long podMemoryMiB) {
    Map<String, Quantity> requests = c.getResources().getRequests();
    assertThat(Quantity.getAmountInBytes(requests.get("cpu")))
        .as("cpu request")
        .isEqualByComparingTo(BigDecimal.valueOf(cores));
    assertThat(Quantity.getAmountInBytes(requests.get("memory")))
        .as("memory request")
        .isEqualByComparingTo(BigDecimal.valueOf(podMemoryMiB * MIB));
    assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")))
        .as("memory limit = request")
        .isEqualByComparingTo(BigDecimal.valueOf(podMemoryMiB * MIB));
  }

  private static String confVolumeConfigMap(Pod driver) {
    return driver.getSpec().getVolumes().stream()
        .filter(v -> "spark-conf-volume-driver".equals(v.getName()))
        .map(Volume::getConfigMap)
        .map(cm -> cm.getName())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no spark-conf-volume-driver on " + driver));
  }

  private static Properties properties(ConfigMap cm) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(cm.getData().get("spark.properties")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }

  private static Map<String, String> annotations(Pod p) {
    Map<String, String> a = p.getMetadata().getAnnotations();
    return a == null ? Map.of() : new HashMap<>(a);
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }

  private static long lastBound(AsCreated seen, List<String> pods) {
    return pods.stream().mapToLong(p -> seen.boundAt(p).orElseThrow()).max().orElseThrow();
  }
}
