package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.placement.model.ClusterSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rough retained-heap figure for 5,000 nodes and 50,000 pods, fed through the same item stores the
 * informers use (full fabric8 objects in, trimmed records kept). Printed, with a loose sanity bound
 * (half of the 512 MiB budget); no timing is asserted.
 */
class ClusterFootprintIT {
  private static final int NODES = 5_000;
  private static final int PODS = 50_000;

  @Test
  void fiveThousandNodesAndFiftyThousandPodsFitEasilyIn512MiB() {
    long before = usedAfterGc();

    ClusterIndex index = new ClusterIndex();
    IndexingItemStore<Node> nodes =
        new IndexingItemStore<>(
            Node::new, new NodeApplier(index, new ClusterListener() {}), () -> {});
    IndexingItemStore<Pod> pods =
        new IndexingItemStore<>(
            Pod::new,
            new PodApplier(
                index,
                new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS),
                new ClusterListener() {}),
            () -> {});
    Random random = new Random(42);
    for (int i = 0; i < NODES; i++) {
      Node n = TestPods.node(nodeName(i), "32", "128Gi");
      Map<String, String> labels = new HashMap<>(n.getMetadata().getLabels());
      labels.put("topology.kubernetes.io/zone", "zone-" + (i % 3));
      labels.put("node.kubernetes.io/instance-type", "m5.8xlarge");
      labels.put("kubernetes.io/arch", "amd64");
      labels.put("kubernetes.io/os", "linux");
      labels.put("spark-pool", i % 2 == 0 ? "executors" : "drivers");
      n.getMetadata().setLabels(labels);
      n.getStatus().getAllocatable().put("ephemeral-storage", new Quantity("200Gi"));
      n.getMetadata().setResourceVersion(Integer.toString(i));
      nodes.put(n.getMetadata().getName(), n);
    }
    for (int i = 0; i < PODS; i++) {
      Pod p = pod(i, random);
      pods.put(pods.getKey(p), p);
    }
    ClusterSnapshot snapshot = index.snapshot();

    long after = usedAfterGc();
    long retained = after - before;
    System.out.printf(
        "cluster view footprint: %d nodes, %d pods -> %.1f MiB retained (%.0f bytes/pod incl."
            + " nodes)%n",
        snapshot.nodes().size(),
        index.podCount(),
        retained / (1024.0 * 1024),
        (double) retained / PODS);

    assertThat(snapshot.nodes()).hasSize(NODES);
    assertThat(index.podCount()).isEqualTo(PODS);
    assertThat(retained).isLessThan(256L << 20);
    // Keep everything reachable until after the measurement.
    assertThat(pods.size() + nodes.size()).isEqualTo(PODS + NODES);
  }

  @Test
  void aRealSparkPodTrimsToAFractionOfItsFabric8Object() throws Exception {
    String json;
    try (var in = getClass().getResourceAsStream("/cluster/spark-driver-podtemplate.json")) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    var serialization = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    PodTrimmer trimmer =
        new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS);
    int n = 1_000;

    long before = usedAfterGc();
    Pod[] full = new Pod[n];
    for (int i = 0; i < n; i++) {
      full[i] = serialization.unmarshal(json, Pod.class);
    }
    long fullBytes = (usedAfterGc() - before) / n;

    before = usedAfterGc();
    PodRecord[] trimmed = new PodRecord[n];
    for (int i = 0; i < n; i++) {
      trimmed[i] = trimmer.trim(serialization.unmarshal(json, Pod.class));
    }
    long trimmedBytes = (usedAfterGc() - before) / n;

    System.out.printf(
        "real Spark driver pod: fabric8 object ~%d bytes, trimmed record ~%d bytes%n",
        fullBytes, trimmedBytes);
    assertThat(full[n - 1]).isNotNull();
    assertThat(trimmed[n - 1]).isNotNull();
    assertThat(trimmedBytes * 5).isLessThan(fullBytes);
  }

  private static String nodeName(int i) {
    return "ip-10-0-" + (i / 250) + "-" + (i % 250) + ".eu-west-1.compute.internal";
  }

  private static Pod pod(int i, Random random) {
    String ns = "team-" + (i % 40);
    boolean spark = i % 2 == 0;
    int app = i / 50;
    TestPods.PodMaker maker;
    if (spark) {
      String prefix = "etl-job-" + app + "-" + Long.toHexString(random.nextLong());
      maker =
          TestPods.pod(ns, prefix + "-exec-" + (i % 50))
              .app(
                  "spark-"
                      + UUID.nameUUIDFromBytes(("app" + app).getBytes())
                          .toString()
                          .replace("-", ""))
              .executor()
              .label("spark-app-name", "etl-job-" + app)
              .label("spark-version", "4.0.1")
              .label("spark-exec-id", Integer.toString(i % 50))
              .label("spark-exec-resourceprofile-id", "0")
              .requests("2", "4505Mi");
    } else {
      maker =
          TestPods.pod(ns, "web-" + Long.toHexString(random.nextLong()))
              .label("app", "web-" + (i % 100))
              .label("pod-template-hash", Long.toHexString(random.nextLong()))
              .annotation(
                  "kubectl.kubernetes.io/last-applied-configuration", "{\"spec\":{}}".repeat(20))
              .requests("250m", "512Mi");
    }
    Pod p =
        maker
            .node(nodeName(random.nextInt(NODES)))
            .phase("Running")
            .uid(UUID.randomUUID().toString())
            .build();
    p.getMetadata().setResourceVersion(Long.toString(1_000_000L + i));
    p.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    return p;
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
