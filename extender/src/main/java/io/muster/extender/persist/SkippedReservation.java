package io.muster.extender.persist;

import io.muster.extender.cluster.PodRef;
import io.muster.placement.model.GangId;

/** A reservation annotation recovery did not restore, and why. */
public sealed interface SkippedReservation {
  PodRef pod();

  /** The annotation is not a readable reservation (garbage, or a newer schema). */
  record Undecodable(PodRef pod, String error) implements SkippedReservation {}

  /** The annotation names another gang than the pod's own (e.g. a copied manifest). */
  record Mismatched(PodRef pod, GangId gang, String why) implements SkippedReservation {}

  /** The gang's driver (client mode: every pod) is gone or finished: nothing to hold room for. */
  record DriverGone(PodRef pod, GangId gang, String why) implements SkippedReservation {}

  /** Another pod carries a newer reservation of the same gang. */
  record Superseded(PodRef pod, ReservationVersion version, PodRef winner)
      implements SkippedReservation {}
}
