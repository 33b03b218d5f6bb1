package io.muster.extender.scheduling;

import io.muster.extender.cluster.PodRecord;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.persist.PersistedReservation;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import java.util.Comparator;
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
    if (book.pendingBind(gang).isPresent()) {
      return; // not on the pod yet: the driver's binding writes the latest version
    }
    c.updater().submit(admitted.get().anchor(), Optional.of(previous.version()), next);
  }

  /**
   * The pod a client-mode gang's reservation is written on (the executor that triggered its
   * admission) is gone while other pods of the application live: the reservation is written again,
   * as the next revision, on the live pod with the first name. Otherwise a restart would find no
   * reservation for a gang that still runs, and admit it afresh beside its bound executors.
   * Recovery takes the newest revision, so a copy left on a pod still being deleted loses. A driver
   * anchors its gang for the gang's whole life: its departure releases the gang.
   */
  void anchorGone(GangId gang, PodRef gone) {
    if (!role.serving()) {
      return;
    }
    Optional<GangBook.Admitted> admitted = book.admitted(gang);
    Optional<Reservation> current = c.ledger().reservation(gang);
    if (admitted.isEmpty()
        || current.isEmpty()
        || !admitted.get().anchor().equals(gone)
        || current.get().gang().driver().isPresent()) {
      return;
    }
    Optional<PodRecord> heir =
        c.view().podsOfApp(gang.namespace(), gang.appId()).stream()
            .filter(p -> !p.gone() && !p.ref().equals(gone))
            .min(Comparator.comparing(PodRecord::name));
    if (heir.isEmpty()) {
      return;
    }
    PersistedReservation next =
        admitted.get().persisted().successor(current.get(), settings.writerId());
    book.update(admitted.get().withAnchor(heir.get().ref(), next));
    // The heir carries no reservation of this gang yet: nothing is expected on it.
    c.updater().submit(heir.get().ref(), Optional.empty(), next);
  }
}
