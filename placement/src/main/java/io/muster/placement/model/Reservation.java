package io.muster.placement.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A gang's admitted plan: the driver's node (absent for a client-mode gang) and one slot per
 * minimum executor on a concrete node. Until the driver is seen bound ({@code driverBound}) its
 * room is held on {@code driverNode}; OPEN and CLAIMED slots hold theirs. The driver plus every
 * slot fits in a {@code long} in every dimension.
 */
public record Reservation(
    GangSpec gang,
    Optional<String> driverNode,
    boolean driverBound,
    List<Slot> slots,
    Instant reservedAt) {
  public Reservation {
    Checks.requireArgument(gang != null, "reservation without gang");
    driverNode = driverNode == null ? Optional.empty() : driverNode;
    Checks.requireArgument(
        driverNode.isPresent() == gang.driver().isPresent(),
        "gang %s: driver node %s does not match driver demand",
        gang.id(),
        driverNode);
    slots = List.copyOf(slots);
    for (int i = 0; i < slots.size(); i++) {
      Checks.requireArgument(
          slots.get(i).index() == i,
          "gang %s: slot %s has index %s",
          gang.id(),
          i,
          slots.get(i).index());
    }
    Checks.requireArgument(reservedAt != null, "gang %s: reservation without time", gang.id());
    // Everything this reservation can hold, so that the room held on any one node (and the
    // placer's sums of it) fits in a long: a stored reservation may carry more slots than the
    // gang's minimum.
    try {
      gang.driver().orElse(Resources.ZERO).plus(gang.executor().times(slots.size()));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "gang " + gang.id() + ": the room of the driver and " + slots.size() + " slots overflows",
          e);
    }
  }

  public GangId id() {
    return gang.id();
  }

  /** Room this reservation still holds on {@code node} beyond what bound pods already count. */
  public Resources heldOn(String node) {
    Resources held = Resources.ZERO;
    if (!driverBound && driverNode.isPresent() && driverNode.get().equals(node)) {
      held = held.plus(gang.driver().orElseThrow());
    }
    for (Slot s : slots) {
      if (s.holdsRoom() && s.node().equals(node)) {
        held = held.plus(gang.executor());
      }
    }
    return held;
  }
}
