package io.muster.extender.scheduling;

import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodRecord;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.persist.RecoveredGang;
import io.muster.extender.persist.ReservationRecovery;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ledger in line with the reservations persisted on pods after start, so that a standby
 * replica plans against what the leader reserved once it takes over, and a leader notices another
 * writer. Called on the loop whenever the informers show a pod's {@code muster.io/reservation}
 * annotation changed; it reads the application's pods as the view shows them now and applies the
 * recovery rules ({@link ReservationRecovery#recoverApp}):
 *
 * <ul>
 *   <li>another replica's version that the book does not hold: adopted in place of the gang's state
 *       ({@link ReservationAdoption}); the other replica writes, so this one stands by;
 *   <li>this replica's own version: nothing to follow (the ledger made it), except that it confirms
 *       an admission whose write had no answer (timed out) but landed;
 *   <li>the annotation removed from the anchor of a gang the book holds (another replica released
 *       it when it expired): the gang is released here too.
 * </ul>
 *
 * <p>While a write of the gang is in flight the event waits for its outcome, so that the replica's
 * own admission and the follower never interleave.
 */
final class ReservationFollower {
  private static final Logger LOG = LoggerFactory.getLogger(ReservationFollower.class);

  /** Releases a gang (its driver, or here its reservation, went away). */
  interface Release {
    void release(GangId gang, String why);
  }

  private final Collaborators c;
  private final String writerId;
  private final GangBook book;
  private final ReservationAdoption adoption;
  private final DriverAdmission admission;
  private final ReplicaRole role;
  private final ReservationRecovery recovery;
  private final BooleanSupplier recovered;
  private final Release release;

  ReservationFollower(
      Collaborators c,
      String writerId,
      GangBook book,
      ReservationAdoption adoption,
      DriverAdmission admission,
      ReplicaRole role,
      BooleanSupplier recovered,
      Release release) {
    this.c = c;
    this.writerId = writerId;
    this.book = book;
    this.adoption = adoption;
    this.admission = admission;
    this.role = role;
    this.recovery = new ReservationRecovery(c.store().codec());
    this.recovered = recovered;
    this.release = release;
  }

  /** Whether an informer event changed the pod's reservation annotation. */
  static boolean annotationChanged(Optional<PodRecord> previous, PodRecord current) {
    Optional<String> before = previous.flatMap(p -> p.annotation(MusterAnnotations.RESERVATION));
    return !before.equals(current.annotation(MusterAnnotations.RESERVATION));
  }

  /** On the loop: the reservation annotation of {@code anchor}, a pod of {@code gang}, changed. */
  void follow(GangId gang, PodRef anchor) {
    if (!recovered.getAsBoolean()) {
      return; // recovery reads the view as it is when it runs
    }
    Optional<CompletableFuture<Void>> later =
        admission.afterInflightWrite(
            gang,
            () -> {
              follow(gang, anchor);
              return CompletableFuture.completedFuture(null);
            });
    if (later.isPresent()) {
      return;
    }
    Optional<RecoveredGang> persisted =
        recovery.recoverApp(c.view(), gang.namespace(), gang.appId()).gangs().stream()
            .filter(g -> g.restored().id().equals(gang))
            .findFirst();
    if (persisted.isPresent()) {
      follow(persisted.get());
    } else {
      removed(gang, anchor);
    }
  }

  private void follow(RecoveredGang g) {
    PersistedReservation p = g.persisted();
    if (p.writer().equals(writerId)) {
      confirm(g);
      return;
    }
    Optional<GangBook.Admitted> known = book.admitted(p.gang());
    if (known.isPresent() && known.get().persisted().version().equals(p.version())) {
      return;
    }
    if (adoption.adopt(g)) {
      role.otherWriterSeen(p.writer());
      LOG.info(
          "gang={} follows reservation {} written by another replica on {} ({} slots)",
          p.gang(),
          p.version(),
          g.anchor(),
          g.restored().slots().size());
    }
  }

  /**
   * This replica's own version is on the pod. When it is the admission whose write got no answer
   * (the ledger kept its room, the driver was told to wait), it is now known to be persisted: the
   * gang is admitted and its driver nudged to ask again.
   */
  private void confirm(RecoveredGang g) {
    GangId gang = g.restored().id();
    PersistedReservation p = g.persisted();
    if (book.admitted(gang).isPresent() || !book.lastWritten(gang).equals(Optional.of(p))) {
      return;
    }
    Optional<Reservation> held = c.ledger().reservation(gang);
    if (held.isEmpty() || !held.get().equals(p.reservation())) {
      return;
    }
    ResolvedPolicy policy =
        book.policy(gang).orElseGet(() -> c.policies().policyFor(gang.namespace(), Map.of()));
    book.admit(
        new GangBook.Admitted(gang, g.anchor(), policy, p, g.restored().gang().createdAt(), false));
    LOG.info(
        "gang={} reservation {} is on {}: the unanswered write landed",
        gang,
        p.version(),
        g.anchor());
    c.nudger().nudge(g.anchor());
    book.takeWaitingExecutors(gang).forEach(c.nudger()::nudge);
  }

  private void removed(GangId gang, PodRef anchor) {
    Optional<GangBook.Admitted> held = book.admitted(gang);
    if (held.isEmpty() || !held.get().anchor().equals(anchor)) {
      return;
    }
    Optional<PodRecord> pod = c.view().pod(anchor.namespace(), anchor.name());
    if (pod.isEmpty()
        || pod.get().gone()
        || pod.get().annotation(MusterAnnotations.RESERVATION).isPresent()) {
      return; // gone: the lifecycle releases it; unreadable: not a release, keep what we hold
    }
    role.otherWriterSeen("(unknown)");
    release.release(gang, "its reservation was removed from " + anchor + " by another writer");
  }
}
