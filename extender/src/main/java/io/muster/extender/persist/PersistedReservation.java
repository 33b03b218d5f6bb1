package io.muster.extender.persist;

import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import java.util.Objects;

/**
 * A reservation as written to the cluster: the placement {@link Reservation} plus the name of the
 * policy that admitted it, the replica that wrote it ({@code writer}, unique per running replica)
 * and a {@code revision} that grows with every write of this gang's reservation.
 */
public record PersistedReservation(
    Reservation reservation, String policy, String writer, long revision) {
  public PersistedReservation {
    Objects.requireNonNull(reservation, "reservation");
    if (policy == null || policy.isBlank()) {
      throw new IllegalArgumentException("policy name is blank");
    }
    if (writer == null || writer.isBlank()) {
      throw new IllegalArgumentException("writer id is blank");
    }
    if (revision < 1) {
      throw new IllegalArgumentException("revision " + revision + " < 1");
    }
  }

  public GangId gang() {
    return reservation.id();
  }

  public ReservationVersion version() {
    return new ReservationVersion(writer, revision);
  }

  /** The next write of this reservation by {@code writer}, with {@code next} as its content. */
  public PersistedReservation successor(Reservation next, String writer) {
    return new PersistedReservation(next, policy, writer, revision + 1);
  }
}
