package io.muster.placement.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import java.util.Map;
import java.util.TreeMap;

/** Reads plans back as "node → executor count" so that table tests stay short. */
final class PlanAssertions {
  private PlanAssertions() {}

  static Reservation placed(PlacementDecision decision) {
    assertThat(decision).isInstanceOf(Placed.class);
    return ((Placed) decision).reservation();
  }

  static Unschedulable unschedulable(PlacementDecision decision) {
    assertThat(decision).isInstanceOf(Unschedulable.class);
    return (Unschedulable) decision;
  }

  static Map<String, Integer> executorsPerNode(Reservation r) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Slot s : r.slots()) {
      counts.merge(s.node(), 1, Integer::sum);
    }
    return counts;
  }
}
