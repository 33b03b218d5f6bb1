package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.placement.model.Checks;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load generator's stand-in for kube-scheduler's in-tree filters and cache: nodes with free
 * room, the nodes where a pod fits (searched from a rotating start and cut at kube-scheduler's
 * adaptive {@code numFeasibleNodesToFind}, or not cut when {@code percentageOfNodesToScore} is
 * 100), and bindings.
 */
final class FeasibleNodes {
  private final Map<String, Resources> free = new LinkedHashMap<>();
  private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
  private final List<String> names;
  private final int percentageOfNodesToScore;
  private int start;

  FeasibleNodes(int nodes, int zones, Resources allocatable, int percentageOfNodesToScore) {
    Checks.requireArgument(nodes >= 1 && zones >= 1, "nodes %s zones %s", nodes, zones);
    Checks.requireArgument(
        percentageOfNodesToScore >= 0 && percentageOfNodesToScore <= 100,
        "percentageOfNodesToScore %s",
        percentageOfNodesToScore);
    for (int i = 0; i < nodes; i++) {
      String name = String.format(Locale.ROOT, "node-%05d", i);
      String zone = "zone-" + (char) ('a' + i % zones);
      free.put(name, allocatable);
      objects.put(name, KubeJson.node(name, zone, allocatable));
    }
    this.names = List.copyOf(free.keySet());
    this.percentageOfNodesToScore = percentageOfNodesToScore;
  }

  /** Nodes where {@code request} fits now, as kube-scheduler would send them to an extender. */
  List<String> feasible(Resources request) {
    int wanted = numFeasibleNodesToFind(names.size(), percentageOfNodesToScore);
    List<String> found = new ArrayList<>();
    int n = names.size();
    int visited = 0;
    while (visited < n && found.size() < wanted) {
      String name = names.get((start + visited) % n);
      if (request.fitsIn(free.get(name))) {
        found.add(name);
      }
      visited++;
    }
    start = (start + visited) % n;
    return found;
  }

  void bind(String node, Resources request) {
    Resources room = free.get(node);
    Checks.requireState(room != null && request.fitsIn(room), "%s does not fit %s", request, node);
    free.put(node, room.minusClamped(request));
  }

  ObjectNode object(String node) {
    return objects.get(node);
  }

  int size() {
    return names.size();
  }

  /**
   * kube-scheduler's {@code numFeasibleNodesToFind}: every node below 100 nodes or at 100%;
   * otherwise the percentage (adaptive when 0: {@code 50 − nodes/125}, at least 5), never fewer
   * than 100 nodes.
   */
  static int numFeasibleNodesToFind(int nodes, int percentage) {
    if (nodes < 100 || percentage >= 100) {
      return nodes;
    }
    int p = percentage > 0 ? percentage : Math.max(5, 50 - nodes / 125);
    return Math.max(100, nodes * p / 100);
  }
}
