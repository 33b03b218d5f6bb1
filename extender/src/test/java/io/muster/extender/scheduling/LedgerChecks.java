package io.muster.extender.scheduling;

import io.muster.extender.cluster.Await;
import io.muster.placement.model.GangId;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads of one replica's ledger for the fault and failover tests, each on its decision loop. */
final class LedgerChecks {
  private LedgerChecks() {}

  /**
   * Nodes planned past their allocatable: bound pods' requests plus every live reservation's held
   * room, as the replica's ledger and view count them. Empty when the invariant holds.
   */
  static List<String> overcommitted(Harness h) {
    return h.coordinator.onLoop(
        () -> {
          List<String> out = new ArrayList<>();
          for (NodeState n : h.cache.snapshot().nodes().values()) {
            Resources planned = n.requested().plus(h.ledger.heldOn(n.name()));
            if (!planned.fitsIn(n.allocatable())) {
              out.add(n.name() + ": " + planned.describe() + " > " + n.allocatable().describe());
            }
          }
          return out;
        });
  }

  static Optional<Reservation> reservation(Harness h, GangId gang) {
    return h.coordinator.onLoop(() -> h.ledger.reservation(gang));
  }

  /** Per gang: the driver node and the sorted slot nodes, to compare two replicas' ledgers. */
  static Map<GangId, String> layout(Harness h) {
    return h.coordinator.onLoop(
        () -> {
          Map<GangId, String> out = new TreeMap<>();
          h.ledger
              .active()
              .forEach(
                  (g, r) ->
                      out.put(
                          g,
                          r.driverNode().orElse("-")
                              + " "
                              + r.slots().stream().map(Slot::node).sorted().toList()));
          return out;
        });
  }

  static void awaitHeld(Harness h, GangId gang) {
    Await.until(
        h.writerId + " holds " + gang, () -> reservation(h, gang).isPresent(), Harness.BOUND);
  }
}
