package io.muster.loadtest.bench;

import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.GangId;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A seeded, realistic cluster for the benchmarks: 32 CPU / 128 GiB / 110-pod nodes in three
 * zones, each 0–90% used by bound pods, so strategies have real choices to make.
 */
final class BenchCluster {
  static final long GI = 1024L * 1024 * 1024;
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private BenchCluster() {}

  static ClusterSnapshot nodes(int count, long seed) {
    Random random = new Random(seed);
    Map<String, NodeState> nodes = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("node-%05d", i);
      long usedCpu = 1000L * random.nextInt(29);
      long usedMem = GI * random.nextInt(116);
      nodes.put(
          name,
          new NodeState(
              name,
              Map.of(NodeState.ZONE_LABEL, "zone-" + (i % 3), "pool", "spark"),
              List.of(),
              false,
              Resources.of(32_000, 128 * GI, 110),
              Resources.of(usedCpu, usedMem, random.nextInt(40))));
    }
    return new ClusterSnapshot(1, nodes, Map.of());
  }

  static List<String> names(ClusterSnapshot snapshot) {
    return new ArrayList<>(snapshot.nodes().keySet());
  }

  /** A Spark application: driver 1 CPU / 4 GiB, executors 2 CPU / 8 GiB. */
  static GangSpec gang(String app, int executors, int max) {
    return new GangSpec(
        new GangId("bench", app),
        NOW,
        0,
        Optional.of(Resources.pod(1000, 4 * GI)),
        Resources.pod(2000, 8 * GI),
        executors,
        max,
        PodConstraints.NONE);
  }
}
