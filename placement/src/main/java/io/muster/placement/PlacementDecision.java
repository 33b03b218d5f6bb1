package io.muster.placement;

import io.muster.placement.model.Reservation;

/** The outcome of admitting a gang: a reservation for the whole minimum gang, or why not. */
public sealed interface PlacementDecision {
  /** The whole minimum gang is reserved; the driver goes to {@code reservation.driverNode()}. */
  record Placed(Reservation reservation) implements PlacementDecision {}

  /**
   * Nothing is reserved; {@code message} says what is needed and what is possible, with numbers.
   */
  record Unschedulable(Reason reason, String message) implements PlacementDecision {}
}
