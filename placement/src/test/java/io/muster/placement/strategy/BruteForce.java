package io.muster.placement.strategy;

import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An independent, slow oracle for small clusters: tries every driver node and places executors one
 * at a time with {@link Resources#fitsIn}, which is optimal because executors are identical.
 */
final class BruteForce {
  private BruteForce() {}

  /**
   * Most executors (capped at the gang's minimum) that fit beside the driver on some offered node,
   * all in one zone when {@code singleZone}; -1 when no offered node holds the driver.
   */
  static int largest(
      GangSpec gang,
      List<String> offered,
      Map<String, NodeState> nodes,
      HeldRoom held,
      boolean singleZone,
      boolean emptyCluster) {
    List<List<NodeState>> scopes = new ArrayList<>();
    if (singleZone) {
      for (String zone : new TreeSet<>(nodes.values().stream().map(NodeState::zone).toList())) {
        scopes.add(nodes.values().stream().filter(n -> n.zone().equals(zone)).toList());
      }
    } else {
      scopes.add(List.copyOf(nodes.values()));
    }
    int best = -1;
    for (List<NodeState> scope : scopes) {
      List<String> drivers =
          gang.driver().isPresent()
              ? scope.stream().map(NodeState::name).filter(offered::contains).toList()
              : java.util.Collections.singletonList((String) null);
      for (String driverNode : drivers) {
        Map<String, Resources> free = new HashMap<>();
        for (NodeState n : scope) {
          free.put(
              n.name(),
              emptyCluster
                  ? n.allocatable()
                  : n.allocatable().minusClamped(n.requested()).minusClamped(held.on(n.name())));
        }
        if (driverNode != null) {
          Resources driver = gang.driver().orElseThrow();
          if (!driver.fitsIn(free.get(driverNode))) {
            continue;
          }
          free.put(driverNode, free.get(driverNode).minusClamped(driver));
        }
        int placed = 0;
        for (NodeState n : scope) {
          if (!gang.executorConstraints().admits(n)) {
            continue;
          }
          while (placed < gang.minExecutors() && gang.executor().fitsIn(free.get(n.name()))) {
            free.put(n.name(), free.get(n.name()).minusClamped(gang.executor()));
            placed++;
          }
        }
        best = Math.max(best, placed);
      }
    }
    return best;
  }
}
