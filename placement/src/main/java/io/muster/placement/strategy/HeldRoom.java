package io.muster.placement.strategy;

import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Room that live reservations hold per node, beyond what bound pods already count: an unbound
 * driver's demand on its node and one executor demand per OPEN or CLAIMED slot.
 */
@FunctionalInterface
public interface HeldRoom {
  HeldRoom NONE = node -> Resources.ZERO;

  /** Room held on {@code node}; {@link Resources#ZERO} for a node nothing is held on. */
  Resources on(String node);

  /** Room held by every one of {@code reservations}. */
  static HeldRoom of(Collection<Reservation> reservations) {
    return of(reservations, null);
  }

  /** Room held by every reservation except {@code excluded}'s own (it may be absent or null). */
  static HeldRoom of(Collection<Reservation> reservations, GangId excluded) {
    Map<String, Resources> byNode = new HashMap<>();
    for (Reservation r : reservations) {
      if (excluded == null || !r.id().equals(excluded)) {
        addTo(byNode, r);
      }
    }
    return node -> byNode.getOrDefault(node, Resources.ZERO);
  }

  /** Room held by every reservation of the snapshot map except {@code excluded}'s own. */
  static HeldRoom of(Map<GangId, Reservation> reservations, GangId excluded) {
    return of(reservations.values(), excluded);
  }

  /** This room plus what {@code extra} holds (for "what if this reservation were made"). */
  default HeldRoom plus(Reservation extra) {
    Map<String, Resources> byNode = new HashMap<>();
    addTo(byNode, extra);
    return node -> {
      Resources more = byNode.get(node);
      return more == null ? on(node) : on(node).plus(more);
    };
  }

  /** Adds what {@code r} holds to {@code byNode}, one multiplication per (node, gang) pair. */
  static void addTo(Map<String, Resources> byNode, Reservation r) {
    if (!r.driverBound() && r.driverNode().isPresent()) {
      byNode.merge(r.driverNode().get(), r.gang().driver().orElseThrow(), Resources::plus);
    }
    Map<String, Integer> slotsPerNode = new HashMap<>();
    for (Slot s : r.slots()) {
      if (s.holdsRoom()) {
        slotsPerNode.merge(s.node(), 1, Integer::sum);
      }
    }
    slotsPerNode.forEach(
        (node, count) -> byNode.merge(node, r.gang().executor().times(count), Resources::plus));
  }
}
