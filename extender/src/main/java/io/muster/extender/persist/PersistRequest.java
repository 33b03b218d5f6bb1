package io.muster.extender.persist;

import io.muster.extender.cluster.PodRef;
import java.util.Objects;
import java.util.Optional;

/**
 * One write of a gang's reservation onto its anchor pod.
 *
 * @param anchor the pod that carries the annotation: the driver, or for a client-mode gang the
 *     executor that triggered admission
 * @param observed the anchor as the caller saw it; empty to read it first
 * @param expected the reservation version the caller believes is on the pod (empty: none). A write
 *     is refused with {@link PersistResult.Conflict} when the pod carries another writer's version
 *     that is not this one
 * @param next what to write
 */
public record PersistRequest(
    PodRef anchor,
    Optional<ObservedPod> observed,
    Optional<ReservationVersion> expected,
    PersistedReservation next) {
  public PersistRequest {
    Objects.requireNonNull(anchor, "anchor");
    observed = observed == null ? Optional.empty() : observed;
    expected = expected == null ? Optional.empty() : expected;
    Objects.requireNonNull(next, "next");
  }
}
