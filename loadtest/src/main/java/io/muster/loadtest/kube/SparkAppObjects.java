package io.muster.loadtest.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The API objects of one Spark 4.0 application in cluster mode, shaped as Spark makes them (the
 * same shape as deploy/e2e's {@code SparkApp}): the driver pod, which mounts its {@code
 * spark-drv-<id>-conf-map} ConfigMap holding {@code spark.properties}; that ConfigMap, owned by the
 * driver; and executor pods owned by the driver. Requests follow Spark's rule, heap + max(384 MiB,
 * 10 %). Every object also carries {@link #RUN_LABEL}, so a run can delete exactly its own.
 */
public final class SparkAppObjects {
  /** Label on every object of a load run, valued with the run's id. */
  public static final String RUN_LABEL = "muster.loadtest/run";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final String namespace;
  private final String run;
  private final String appName;
  private final String appId;
  private final String schedulerName;
  private final int executors;
  private final int driverCores;
  private final int driverHeapMiB;
  private final int executorCores;
  private final int executorHeapMiB;

  /**
   * Application {@code index} of run {@code run}: driver {@code driverCores} / {@code
   * driverHeapMiB}, {@code executors} executors of {@code executorCores} / {@code executorHeapMiB}.
   */
  public SparkAppObjects(
      String namespace,
      String run,
      int index,
      String schedulerName,
      int executors,
      int driverCores,
      int driverHeapMiB,
      int executorCores,
      int executorHeapMiB) {
    this.namespace = namespace;
    this.run = run;
    this.appName = String.format(Locale.ROOT, "%s-app%04d", run, index);
    // Spark's app id: "spark-" + 32 hex digits; derived from the name so a run is repeatable.
    this.appId =
        "spark-"
            + java.util
                .UUID
                .nameUUIDFromBytes(appName.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString()
                .replace("-", "");
    this.schedulerName = schedulerName;
    this.executors = executors;
    this.driverCores = driverCores;
    this.driverHeapMiB = driverHeapMiB;
    this.executorCores = executorCores;
    this.executorHeapMiB = executorHeapMiB;
  }

  public String appId() {
    return appId;
  }

  public int executors() {
    return executors;
  }

  public String driverName() {
    return appName + "-driver";
  }

  public String configMapName() {
    return "spark-drv-" + appId.substring(6, 22) + "-conf-map";
  }

  public String executorName(int id) {
    return appName + "-exec-" + id;
  }

  /** Spark's pod memory: heap + max(384 MiB, 0.1 × heap), the fraction of a MiB dropped. */
  static int podMemoryMiB(int heapMiB) {
    return heapMiB + Math.max(384, (int) (0.1 * heapMiB));
  }

  public ObjectNode driverPod() {
    ObjectNode pod = pod(driverName(), "driver", driverCores, podMemoryMiB(driverHeapMiB));
    ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
    container
        .putArray("args")
        .add("driver")
        .add("--properties-file")
        .add("/opt/spark/conf/spark.properties");
    container
        .putArray("volumeMounts")
        .addObject()
        .put("name", "spark-conf-volume-driver")
        .put("mountPath", "/opt/spark/conf");
    ObjectNode cm =
        ((ObjectNode) pod.path("spec"))
            .putArray("volumes")
            .addObject()
            .put("name", "spark-conf-volume-driver")
            .putObject("configMap");
    cm.put("name", configMapName()).put("defaultMode", 420);
    cm.putArray("items")
        .addObject()
        .put("key", "spark.properties")
        .put("path", "spark.properties")
        .put("mode", 420);
    return pod;
  }

  public String serviceName() {
    return appName + "-driver-svc";
  }

  /** The driver's headless Service, owned by the driver pod {@code driverUid}. */
  public ObjectNode driverService(String driverUid) {
    ObjectNode svc = F.objectNode();
    svc.put("apiVersion", "v1").put("kind", "Service");
    ObjectNode meta = svc.putObject("metadata");
    meta.put("name", serviceName()).put("namespace", namespace);
    meta.putObject("labels").put(RUN_LABEL, run);
    owner(meta, driverUid);
    ObjectNode spec = svc.putObject("spec");
    spec.put("clusterIP", "None");
    spec.putObject("selector").put("spark-app-selector", appId).put("spark-role", "driver");
    ArrayNode ports = spec.putArray("ports");
    ports.addObject().put("name", "driver-rpc-port").put("port", 7078).put("targetPort", 7078);
    ports.addObject().put("name", "blockmanager").put("port", 7079).put("targetPort", 7079);
    return svc;
  }

  /** The Spark ConfigMap, owned by the driver pod {@code driverUid}. */
  public ObjectNode configMap(String driverUid) {
    ObjectNode cm = F.objectNode();
    cm.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode meta = cm.putObject("metadata");
    meta.put("name", configMapName()).put("namespace", namespace);
    meta.putObject("labels").put(RUN_LABEL, run);
    owner(meta, driverUid);
    cm.put("immutable", true);
    cm.putObject("data")
        .put("spark.properties", sparkProperties())
        .put("spark.kubernetes.namespace", namespace);
    return cm;
  }

  /** Executor {@code id} (1-based), owned by the driver pod {@code driverUid}. */
  public ObjectNode executorPod(int id, String driverUid) {
    ObjectNode pod =
        pod(executorName(id), "executor", executorCores, podMemoryMiB(executorHeapMiB));
    ObjectNode meta = (ObjectNode) pod.path("metadata");
    ((ObjectNode) meta.path("labels"))
        .put("spark-exec-id", Integer.toString(id))
        .put("spark-exec-resourceprofile-id", "0");
    owner(meta, driverUid);
    ((ObjectNode) pod.path("spec").path("containers").get(0)).putArray("args").add("executor");
    return pod;
  }

  String sparkProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spark.app.name", appName);
    p.put("spark.app.id", appId);
    p.put("spark.executor.memory", executorHeapMiB + "m");
    p.put("spark.executor.cores", Integer.toString(executorCores));
    p.put("spark.driver.memory", driverHeapMiB + "m");
    p.put("spark.driver.cores", Integer.toString(driverCores));
    p.put("spark.executor.instances", Integer.toString(executors));
    p.put("spark.kubernetes.namespace", namespace);
    p.put("spark.kubernetes.scheduler.name", schedulerName);
    p.put("spark.kubernetes.driver.pod.name", driverName());
    p.put("spark.kubernetes.memoryOverheadFactor", "0.1");
    p.put("spark.kubernetes.resource.type", "java");
    p.put("spark.submit.deployMode", "cluster");
    p.put("spark.master", "k8s://https://127.0.0.1:6443");
    StringBuilder sb = new StringBuilder();
    sb.append("#Java properties built from Kubernetes config map with name: ")
        .append(configMapName())
        .append('\n');
    p.forEach((k, v) -> sb.append(k).append('=').append(v.replace(":", "\\:")).append('\n'));
    return sb.toString();
  }

  private ObjectNode pod(String name, String role, int cores, int memoryMiB) {
    ObjectNode pod = F.objectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    meta.put("name", name).put("namespace", namespace);
    meta.putObject("labels")
        .put("spark-app-name", appName)
        .put("spark-app-selector", appId)
        .put("spark-role", role)
        .put("spark-version", "4.0.1")
        .put(RUN_LABEL, run);
    ObjectNode spec = pod.putObject("spec");
    spec.put("schedulerName", schedulerName).put("restartPolicy", "Never");
    ObjectNode container = spec.putArray("containers").addObject();
    container.put("name", "spark-kubernetes-" + role).put("image", "apache/spark:4.0.1");
    ObjectNode resources = container.putObject("resources");
    resources
        .putObject("requests")
        .put("cpu", Integer.toString(cores))
        .put("memory", memoryMiB + "Mi");
    resources.putObject("limits").put("memory", memoryMiB + "Mi");
    return pod;
  }

  private void owner(ObjectNode meta, String driverUid) {
    meta.putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "v1")
        .put("kind", "Pod")
        .put("name", driverName())
        .put("uid", driverUid)
        .put("controller", true);
  }
}
