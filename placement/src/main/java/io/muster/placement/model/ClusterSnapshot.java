package io.muster.placement.model;

import java.util.HashMap;
import java.util.Map;

/**
 * An immutable view of the cluster for one decision: nodes by name (with bound-pod requests) and
 * every live reservation by gang. {@code generation} grows with each change of the view.
 */
public record ClusterSnapshot(
    long generation, Map<String, NodeState> nodes, Map<GangId, Reservation> reservations) {
  public ClusterSnapshot {
    nodes = Map.copyOf(nodes);
    reservations = Map.copyOf(reservations);
  }

  public ClusterSnapshot withReservations(Map<GangId, Reservation> live) {
    return new ClusterSnapshot(generation, nodes, live);
  }

  /**
   * Free room per node for {@code gang}: allocatable − bound requests − room held by every other
   * live reservation. The gang's own reservation is not subtracted.
   */
  public Map<String, Resources> freeRoomExcluding(GangId gang) {
    Map<String, Resources> free = new HashMap<>(nodes.size() * 2);
    nodes.forEach((name, n) -> free.put(name, n.free()));
    for (Reservation r : reservations.values()) {
      if (r.id().equals(gang)) {
        continue;
      }
      r.driverNode()
          .filter(d -> !r.driverBound())
          .ifPresent(
              d ->
                  free.computeIfPresent(
                      d, (k, v) -> v.minusClamped(r.gang().driver().orElseThrow())));
      for (Slot s : r.slots()) {
        if (s.holdsRoom()) {
          free.computeIfPresent(s.node(), (k, v) -> v.minusClamped(r.gang().executor()));
        }
      }
    }
    return free;
  }
}
