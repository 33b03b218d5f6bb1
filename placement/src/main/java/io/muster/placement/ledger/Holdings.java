package io.muster.placement.ledger;

import io.muster.placement.model.Checks;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.strategy.HeldRoom;
import java.util.HashMap;
import java.util.Map;

/**
 * Room held per node by the ledger's live reservations and assumed extra executors, kept up to date
 * on every change so that executor decisions stay O(offered nodes). Always equals {@code
 * HeldRoom.of(active)} plus one executor demand per assumed extra on its node.
 */
final class Holdings implements HeldRoom {
  private final Map<String, Resources> byNode = new HashMap<>();

  @Override
  public Resources on(String node) {
    return byNode.getOrDefault(node, Resources.ZERO);
  }

  void add(Reservation r) {
    Map<String, Resources> delta = new HashMap<>();
    HeldRoom.addTo(delta, r);
    delta.forEach((node, room) -> byNode.merge(node, room, Resources::plus));
  }

  void remove(Reservation r) {
    Map<String, Resources> delta = new HashMap<>();
    HeldRoom.addTo(delta, r);
    delta.forEach(this::release);
  }

  /** Holds {@code room} on {@code node} outside any reservation (an assumed extra executor). */
  void hold(String node, Resources room) {
    byNode.merge(node, room, Resources::plus);
  }

  /** Gives back what {@link #hold} held. */
  void release(String node, Resources room) {
    Resources before = on(node);
    Checks.requireState(
        room.fitsIn(before), "node %s: releasing %s but only %s is held", node, room, before);
    Resources after = before.minusClamped(room);
    if (after.isZero()) {
      byNode.remove(node);
    } else {
      byNode.put(node, after);
    }
  }

  /** Replaces what {@code before} held by what {@code after} holds (either may be null). */
  void replace(Reservation before, Reservation after) {
    if (before != null) {
      remove(before);
    }
    if (after != null) {
      add(after);
    }
  }

  /** A copy of the non-zero holdings, for tests and debugging. */
  Map<String, Resources> snapshot() {
    return Map.copyOf(byNode);
  }
}
