package io.muster.loadtest.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Shuffle locality of an application's executors when its job finishes: how many nodes they span
 * and the share of them outside the zone that holds most of them (shuffle data crossing zones).
 */
final class Locality {
  private Locality() {}

  static void record(AppRun app, SimCluster cluster) {
    Set<String> nodes = new HashSet<>();
    Map<String, Integer> perZone = new HashMap<>();
    int executors = 0;
    for (SimPod e : app.executors) {
      if (e.bound()) {
        executors++;
        nodes.add(e.node);
        perZone.merge(cluster.zone(e.node), 1, Integer::sum);
      }
    }
    int largestZone = perZone.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    app.executorsAtFinish = executors;
    app.nodesAtFinish = nodes.size();
    app.crossZoneAtFinish = executors == 0 ? 0 : 1 - (double) largestZone / executors;
  }
}
