package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.loadtest.kube.ApiServer;
import io.muster.loadtest.kube.SparkAppObjects;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Spark applications created in a real API server (deploy/local's), shaped as Spark makes them: the
 * driver pod, then its ConfigMap; executors once the driver is bound. The pods name a scheduler
 * nobody runs ({@value #SCHEDULER}) so that only the load generator offers them to the extender; an
 * extender that binds binds them for real. {@link #close()} deletes the run's objects.
 */
final class ApiServerPods implements SparkPods {
  static final String SCHEDULER = "muster-loadgen";
  private static final String NAMESPACE = "spark";

  private final ApiServer api;
  private final String run;
  private final LoadProfile profile;
  private final Map<Integer, SparkAppObjects> apps = new HashMap<>();

  ApiServerPods(ApiServer api, String run, LoadProfile profile) {
    this.api = api;
    this.run = run;
    this.profile = profile;
  }

  @Override
  public ObjectNode driver(int app) {
    SparkAppObjects objects =
        new SparkAppObjects(
            NAMESPACE,
            run,
            app,
            SCHEDULER,
            profile.executorsPerApp(),
            (int) (profile.driver().milliCpu() / 1000),
            heapMiB(profile.driver().memoryBytes()),
            (int) (profile.executor().milliCpu() / 1000),
            heapMiB(profile.executor().memoryBytes()));
    apps.put(app, objects);
    JsonNode pod =
        api.post(podsPath(), objects.driverPod()).require("create driver " + objects.driverName());
    String uid = pod.path("metadata").path("uid").asText();
    api.post("/api/v1/namespaces/" + NAMESPACE + "/configmaps", objects.configMap(uid))
        .require("create configmap " + objects.configMapName());
    return (ObjectNode) pod;
  }

  @Override
  public ObjectNode executor(int app, int id, ObjectNode driver) {
    SparkAppObjects objects = apps.get(app);
    String uid = driver.path("metadata").path("uid").asText();
    return (ObjectNode)
        api.post(podsPath(), objects.executorPod(id, uid))
            .require("create executor " + objects.executorName(id));
  }

  /**
   * Spark's pod memory is heap + max(384 MiB, 10 %); this inverts it for the profile's pod sizes
   * (4505 MiB → 4096, 9011 MiB → 8192).
   */
  static int heapMiB(long podMemoryBytes) {
    int mib = (int) (podMemoryBytes >> 20);
    for (int heap = mib - 384; heap > 0; heap--) {
      if (heap + Math.max(384, (int) (0.1 * heap)) == mib) {
        return heap;
      }
    }
    throw new IllegalArgumentException(mib + " MiB is no Spark pod memory (heap + overhead)");
  }

  @Override
  public void close() {
    String selector = ApiServer.encode(SparkAppObjects.RUN_LABEL + "=" + run);
    String ns = "/api/v1/namespaces/" + NAMESPACE;
    api.delete(ns + "/pods?labelSelector=" + selector + "&gracePeriodSeconds=0")
        .require("delete pods");
    api.delete(ns + "/configmaps?labelSelector=" + selector).require("delete configmaps");
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline
        && !api.get(ns + "/pods?limit=1&labelSelector=" + selector)
            .require("list pods")
            .path("items")
            .isEmpty()) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String podsPath() {
    return "/api/v1/namespaces/" + NAMESPACE + "/pods";
  }
}
