package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Pods and Nodes as kube-scheduler puts them into {@code ExtenderArgs}: lowerCamel Kubernetes JSON
 * with the fields an extender reads. Spark pods carry Spark's own labels ({@code
 * spark-app-selector}, {@code spark-role}, {@code spark-exec-id}, …), container {@code
 * spark-kubernetes-driver}/{@code -executor}, {@code restartPolicy: Never} and {@code
 * schedulerName}; executors are owned by their driver. UIDs are derived from names, so a run is
 * repeatable.
 */
final class KubeJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private KubeJson() {}

  static ObjectNode driver(String namespace, String appId, String scheduler, Resources request) {
    return pod(namespace, appId + "-driver", appId, "driver", scheduler, request);
  }

  static ObjectNode executor(
      String namespace, String appId, int execId, String scheduler, Resources request) {
    ObjectNode pod =
        pod(namespace, appId + "-exec-" + execId, appId, "executor", scheduler, request);
    ObjectNode meta = pod.withObjectProperty("metadata");
    meta.withObjectProperty("labels").put("spark-exec-id", Integer.toString(execId));
    meta.withObjectProperty("labels").put("spark-exec-resourceprofile-id", "0");
    meta.withArrayProperty("ownerReferences")
        .addObject()
        .put("apiVersion", "v1")
        .put("kind", "Pod")
        .put("name", appId + "-driver")
        .put("uid", uid(namespace + "/" + appId + "-driver"))
        .put("controller", true);
    return pod;
  }

  private static ObjectNode pod(
      String namespace,
      String name,
      String appId,
      String role,
      String scheduler,
      Resources request) {
    ObjectNode pod = F.objectNode();
    ObjectNode meta = pod.putObject("metadata");
    meta.put("name", name).put("namespace", namespace).put("uid", uid(namespace + "/" + name));
    meta.putObject("labels")
        .put("spark-app-selector", appId)
        .put("spark-role", role)
        .put("spark-app-name", "loadtest")
        .put("spark-version", "4.0.1");
    ObjectNode spec = pod.putObject("spec");
    ObjectNode container = spec.putArray("containers").addObject();
    container.put("name", "spark-kubernetes-" + role).put("image", "apache/spark:4.0.1");
    ObjectNode resources = container.putObject("resources");
    resources
        .putObject("requests")
        .put("cpu", cpu(request.milliCpu()))
        .put("memory", memory(request.memoryBytes()));
    resources.putObject("limits").put("memory", memory(request.memoryBytes()));
    spec.put("restartPolicy", "Never").put("schedulerName", scheduler).put("priority", 0);
    pod.putObject("status").put("phase", "Pending").put("qosClass", "Burstable");
    return pod;
  }

  static ObjectNode node(String name, String zone, Resources allocatable) {
    ObjectNode node = F.objectNode();
    ObjectNode meta = node.putObject("metadata");
    meta.put("name", name).put("uid", uid("node/" + name));
    meta.putObject("labels")
        .put("kubernetes.io/hostname", name)
        .put("kubernetes.io/os", "linux")
        .put(NodeState.ZONE_LABEL, zone);
    ObjectNode status = node.putObject("status");
    for (String field : new String[] {"capacity", "allocatable"}) {
      status
          .putObject(field)
          .put("cpu", cpu(allocatable.milliCpu()))
          .put("memory", memory(allocatable.memoryBytes()))
          .put("pods", Long.toString(allocatable.pods()));
    }
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    return node;
  }

  static String cpu(long milli) {
    return milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m";
  }

  static String memory(long bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "Mi" : Long.toString(bytes);
  }

  static String uid(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
