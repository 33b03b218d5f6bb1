package io.muster.extender.persist;

import io.muster.extender.cluster.PodRef;
import io.muster.placement.model.Reservation;
import java.util.List;

/**
 * One gang to restore into the ledger.
 *
 * @param anchor the pod carrying the annotation (later writes go there)
 * @param anchorResourceVersion its resourceVersion when read
 * @param persisted the annotation exactly as decoded (its version is what the next write expects)
 * @param restored the reservation reconciled with observed pods: slots of executors seen bound on
 *     their node are BOUND, slots whose claimant is gone or elsewhere are OPEN, slots of pending
 *     claimants stay CLAIMED, the driver is bound where it was observed
 * @param claims every live executor of the gang seen bound, with its slot
 * @param findings what did not match, for the ledger to log and reconcile
 */
public record RecoveredGang(
    PodRef anchor,
    String anchorResourceVersion,
    PersistedReservation persisted,
    Reservation restored,
    List<ObservedClaim> claims,
    List<RecoveryFinding> findings) {
  public RecoveredGang {
    claims = List.copyOf(claims);
    findings = List.copyOf(findings);
  }
}
