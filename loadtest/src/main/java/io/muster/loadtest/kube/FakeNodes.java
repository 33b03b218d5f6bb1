package io.muster.loadtest.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Ready Node objects without a kubelet, named as the protocol load generator names its nodes
 * ({@code node-00000}, …) so that an extender's view and the generator's agree. Labelled {@link
 * #LABEL}; {@link #ensure} makes exactly {@code count} of them exist. Status is part of the create
 * (as a kubelet registers a node); nothing ever marks them NotReady (deploy/local runs no
 * controller manager).
 */
public final class FakeNodes {
  public static final String LABEL = "muster.loadtest/fake-node";
  private static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  private static final int PARALLEL = 16;

  private final ApiServer api;

  public FakeNodes(ApiServer api) {
    this.api = api;
  }

  public static String name(int index) {
    return String.format(Locale.ROOT, "node-%05d", index);
  }

  /** Zone of node {@code index}: zone-a, zone-b, … round robin. */
  public static String zone(int index, int zones) {
    return "zone-" + (char) ('a' + index % zones);
  }

  /**
   * Creates the missing nodes {@code node-00000 … node-<count-1>} and deletes this tool's nodes
   * beyond them. Existing nodes are kept as they are (same names, same shape expected).
   */
  public void ensure(int count, int zones, int cpu, String memory, int pods) {
    JsonNode list =
        api.get("/api/v1/nodes?labelSelector=" + ApiServer.encode(LABEL + "=true"))
            .require("list nodes");
    Set<String> existing = new HashSet<>();
    list.path("items").forEach(n -> existing.add(n.path("metadata").path("name").asText()));
    List<Runnable> work = new ArrayList<>();
    Set<String> wanted = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String name = name(i);
      wanted.add(name);
      if (!existing.contains(name)) {
        ObjectNode node = node(name, zone(i, zones), cpu, memory, pods);
        work.add(
            () -> {
              ApiServer.Response r = api.post("/api/v1/nodes", node);
              if (r.code() != 409) {
                r.require("create node " + name);
              }
            });
      }
    }
    for (String name : existing) {
      if (!wanted.contains(name)) {
        work.add(
            () -> {
              ApiServer.Response r = api.delete("/api/v1/nodes/" + name);
              if (r.code() != 404) {
                r.require("delete node " + name);
              }
            });
      }
    }
    runAll(work);
  }

  private static void runAll(List<Runnable> work) {
    Semaphore permits = new Semaphore(PARALLEL);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable r : work) {
        futures.add(
            pool.submit(
                () -> {
                  permits.acquireUninterruptibly();
                  try {
                    r.run();
                  } finally {
                    permits.release();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static ObjectNode node(String name, String zone, int cpu, String memory, int pods) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode node = f.objectNode().put("apiVersion", "v1").put("kind", "Node");
    ObjectNode meta = node.putObject("metadata").put("name", name);
    meta.putObject("labels")
        .put("kubernetes.io/hostname", name)
        .put("kubernetes.io/os", "linux")
        .put("kubernetes.io/arch", "amd64")
        .put(ZONE_LABEL, zone)
        .put(LABEL, "true");
    node.putObject("spec");
    ObjectNode status = node.putObject("status");
    for (String field : new String[] {"capacity", "allocatable"}) {
      status
          .putObject(field)
          .put("cpu", Integer.toString(cpu))
          .put("memory", memory)
          .put("pods", Integer.toString(pods))
          .put("ephemeral-storage", "100Gi");
    }
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    status
        .putArray("conditions")
        .addObject()
        .put("type", "Ready")
        .put("status", "True")
        .put("reason", "KubeletReady")
        .put("message", "fake node (loadtest, no kubelet)")
        .put("lastHeartbeatTime", now)
        .put("lastTransitionTime", now);
    ObjectNode addresses = status.putArray("addresses").addObject();
    addresses.put("type", "InternalIP").put("address", "127.0.0.1");
    status
        .putObject("nodeInfo")
        .put("architecture", "amd64")
        .put("operatingSystem", "linux")
        .put("kubeletVersion", "v1.36.3")
        .put("containerRuntimeVersion", "fake://1.0");
    return node;
  }
}
