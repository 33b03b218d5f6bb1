package io.muster.extender.scheduling;

import io.muster.extender.persist.PersistedReservation;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import java.util.Optional;

/**
 * Writes later versions of an admitted gang's reservation (a moved slot, dropped slots) onto its
 * anchor, coalesced and best-effort: claims are rebuilt from bound pods after a restart, so only
 * the admission itself must be written before answering. Loop-confined.
 */
final class ReservationWrites {
  private final Collaborators c;
  private final CoordinatorSettings settings;
  private final GangBook book;
  private final ReplicaRole role;

  ReservationWrites(
      Collaborators c, CoordinatorSettings settings, GangBook book, ReplicaRole role) {
    this.c = c;
    this.settings = settings;
    this.book = book;
    this.role = role;
  }

  /**
   * The ledger changed {@code gang}'s reservation (a moved slot, dropped slots). Only the serving
   * replica writes it: a standby's expiry runs on its own clock and view, and writing it would make
   * the leader follow a version it did not decide.
   */
  void reservationChanged(GangId gang) {
    if (!role.serving()) {
      return;
    }
    Optional<GangBook.Admitted> admitted = book.admitted(gang);
    Optional<Reservation> current = c.ledger().reservation(gang);
    if (admitted.isEmpty() || current.isEmpty()) {
      return;
    }
    PersistedReservation previous = admitted.get().persisted();
    PersistedReservation next = previous.successor(current.get(), settings.writerId());
    book.update(admitted.get().withPersisted(next));
    c.updater().submit(admitted.get().anchor(), Optional.of(previous.version()), next);
  }
}
