package io.muster.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Spark application shaped exactly as Spark 4.0 makes it (see shared/fixtures/spark): the driver
 * pod first, its {@code spark-drv-<hex>-conf-map} ConfigMap a moment later, then executor pods in
 * batches, owned by the driver, named with a prefix of their own. Sizes follow Spark's rules.
 */
final class SparkApp {
  final String appName;
  final String appId = "spark-" + UUID.randomUUID().toString().replace("-", "");
  final String driverName;
  final String executorPrefix;
  final String configMapName;
  int executors = 4;
  int executorCores = 2;
  int executorMemoryMiB = 4096;
  int driverCores = 1;
  int driverMemoryMiB = 2048;
  boolean dynamicAllocation;
  int minExecutors;
  int maxExecutors;
  final Map<String, String> extraProperties = new LinkedHashMap<>();
  final Map<String, String> driverAnnotations = new LinkedHashMap<>();
  private String driverUid = "";

  SparkApp(String appName) {
    this.appName = appName;
    this.driverName = appName + "-" + hex16() + "-driver";
    this.executorPrefix = appName + "-" + hex16();
    this.configMapName = "spark-drv-" + hex16() + "-conf-map";
  }

  SparkApp executors(int n, int cores, int memoryMiB) {
    this.executors = n;
    this.executorCores = cores;
    this.executorMemoryMiB = memoryMiB;
    return this;
  }

  SparkApp driver(int cores, int memoryMiB) {
    this.driverCores = cores;
    this.driverMemoryMiB = memoryMiB;
    return this;
  }

  SparkApp dynamic(int min, int max) {
    this.dynamicAllocation = true;
    this.minExecutors = min;
    this.maxExecutors = max;
    return this;
  }

  /** Spark's pod memory: heap + max(384 MiB, 0.1 × heap), the fraction of a MiB dropped. */
  static int podMemoryMiB(int heapMiB) {
    return heapMiB + Math.max(384, (int) (0.1 * heapMiB));
  }

  Pod driverPod() {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(Integer.toString(driverCores)));
    requests.put("memory", new Quantity(podMemoryMiB(driverMemoryMiB) + "Mi"));
    return new PodBuilder()
        .withNewMetadata()
        .withName(driverName)
        .withNamespace(ControlPlane.NAMESPACE)
        .addToLabels("spark-app-name", appName)
        .addToLabels("spark-app-selector", appId)
        .addToLabels("spark-role", "driver")
        .addToLabels("spark-version", "4.0.1")
        .addToAnnotations(driverAnnotations)
        .endMetadata()
        .withNewSpec()
        .withSchedulerName("muster")
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("spark-kubernetes-driver")
        .withImage("apache/spark:4.0.1")
        .withArgs("driver", "--properties-file", "/opt/spark/conf/spark.properties")
        .withNewResources()
        .withRequests(requests)
        .withLimits(Map.of("memory", requests.get("memory")))
        .endResources()
        .addNewVolumeMount()
        .withName("spark-conf-volume-driver")
        .withMountPath("/opt/spark/conf")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("spark-conf-volume-driver")
        .withNewConfigMap()
        .withName(configMapName)
        .withDefaultMode(420)
        .addNewItem()
        .withKey("spark.properties")
        .withPath("spark.properties")
        .withMode(420)
        .endItem()
        .endConfigMap()
        .endVolume()
        .endSpec()
        .build();
  }

  String sparkProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spark.app.name", appName);
    p.put("spark.app.id", appId);
    p.put("spark.executor.memory", executorMemoryMiB + "m");
    p.put("spark.executor.cores", Integer.toString(executorCores));
    p.put("spark.driver.memory", driverMemoryMiB + "m");
    p.put("spark.driver.cores", Integer.toString(driverCores));
    if (dynamicAllocation) {
      p.put("spark.dynamicAllocation.enabled", "true");
      p.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
      p.put("spark.dynamicAllocation.minExecutors", Integer.toString(minExecutors));
      p.put("spark.dynamicAllocation.maxExecutors", Integer.toString(maxExecutors));
    } else {
      p.put("spark.executor.instances", Integer.toString(executors));
    }
    p.put("spark.kubernetes.namespace", ControlPlane.NAMESPACE);
    p.put("spark.kubernetes.scheduler.name", "muster");
    p.put("spark.kubernetes.driver.pod.name", driverName);
    p.put("spark.kubernetes.memoryOverheadFactor", "0.1");
    p.put("spark.kubernetes.resource.type", "java");
    p.put("spark.submit.deployMode", "cluster");
    p.put("spark.master", "k8s://https://127.0.0.1:6443");
    p.putAll(extraProperties);
    StringBuilder sb = new StringBuilder();
    sb.append("#Java properties built from Kubernetes config map with name: ")
        .append(configMapName)
        .append('\n');
    p.forEach((k, v) -> sb.append(k).append('=').append(v.replace(":", "\\:")).append('\n'));
    return sb.toString();
  }

  ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(configMapName)
        .withNamespace(ControlPlane.NAMESPACE)
        .addNewOwnerReference()
        .withApiVersion("v1")
        .withKind("Pod")
        .withName(driverName)
        .withUid(driverUid)
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withImmutable(true)
        .addToData("spark.properties", sparkProperties())
        .addToData("spark.kubernetes.namespace", ControlPlane.NAMESPACE)
        .build();
  }

  Pod executorPod(int id) {
    String memory = podMemoryMiB(executorMemoryMiB) + "Mi";
    return new PodBuilder()
        .withNewMetadata()
        .withName(executorPrefix + "-exec-" + id)
        .withNamespace(ControlPlane.NAMESPACE)
        .addToLabels("spark-app-name", appName)
        .addToLabels("spark-app-selector", appId)
        .addToLabels("spark-role", "executor")
        .addToLabels("spark-exec-id", Integer.toString(id))
        .addToLabels("spark-exec-resourceprofile-id", "0")
        .addToLabels("spark-version", "4.0.1")
        .addNewOwnerReference()
        .withApiVersion("v1")
        .withKind("Pod")
        .withName(driverName)
        .withUid(driverUid)
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withSchedulerName("muster")
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("spark-kubernetes-executor")
        .withImage("apache/spark:4.0.1")
        .withArgs("executor")
        .withNewResources()
        .withRequests(
            Map.of(
                "cpu",
                new Quantity(Integer.toString(executorCores)),
                "memory",
                new Quantity(memory)))
        .withLimits(Map.of("memory", new Quantity(memory)))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  /** Creates the driver pod, then (after {@code configMapDelay}) its ConfigMap, as Spark does. */
  Pod submit(KubernetesClient client, Duration configMapDelay) {
    Pod created = client.pods().inNamespace(ControlPlane.NAMESPACE).resource(driverPod()).create();
    driverUid = created.getMetadata().getUid();
    if (!configMapDelay.isNegative()) {
      Waits.sleep(configMapDelay);
      createConfigMap(client);
    }
    return created;
  }

  void createConfigMap(KubernetesClient client) {
    client.configMaps().inNamespace(ControlPlane.NAMESPACE).resource(configMap()).create();
  }

  /** Creates executors {@code from..to} in batches of {@code batch}, {@code pause} apart. */
  List<String> createExecutors(
      KubernetesClient client, int from, int to, int batch, Duration pause) {
    List<String> names = new ArrayList<>();
    for (int id = from; id <= to; id++) {
      Pod p = executorPod(id);
      client.pods().inNamespace(ControlPlane.NAMESPACE).resource(p).create();
      names.add(p.getMetadata().getName());
      if ((id - from + 1) % batch == 0 && id < to) {
        Waits.sleep(pause);
      }
    }
    return names;
  }

  private static String hex16() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
  }
}
