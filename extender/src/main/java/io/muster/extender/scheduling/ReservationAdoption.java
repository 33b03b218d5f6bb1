package io.muster.extender.scheduling;

import io.muster.extender.persist.RecoveredGang;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a reservation read from the cluster into the ledger in place of whatever the ledger held for
 * that gang: at start (recovery), when another replica wrote it (following), and when this replica
 * takes over (rebuild). The persisted version, reconciled with the pods observed, is the truth; the
 * only thing kept from before is a claim this replica handed out and that the persisted version
 * does not record (an executor told where to go that is not bound yet), when the reservation still
 * has an open slot on that node: an answer already given keeps its room. Loop-confined.
 */
final class ReservationAdoption {
  private static final Logger LOG = LoggerFactory.getLogger(ReservationAdoption.class);

  private final Collaborators c;
  private final GangBook book;

  ReservationAdoption(Collaborators c, GangBook book) {
    this.c = c;
    this.book = book;
  }

  /** Replaces the gang's state with {@code g}; false (and the ledger unchanged) if refused. */
  boolean adopt(RecoveredGang g) {
    GangId gang = g.restored().id();
    ResolvedPolicy policy = policyOf(g);
    Instant now = c.clock().instant();
    Optional<Reservation> before = c.ledger().reservation(gang);
    Optional<GangBook.Admitted> admitted = book.admitted(gang);
    c.ledger().release(gang);
    try {
      c.ledger().restore(g.restored(), policy.policy(), now);
    } catch (RuntimeException e) {
      LOG.error("gang={} could not be restored from {}", gang, g.anchor(), e);
      before.ifPresent(r -> c.ledger().restore(r, policy.policy(), now));
      return false;
    }
    before.ifPresent(r -> keepClaims(gang, r, now));
    book.adopt(
        new GangBook.Admitted(
            gang,
            g.anchor(),
            policy,
            g.persisted(),
            admitted
                .map(GangBook.Admitted::driverCreatedAt)
                .orElse(g.restored().gang().createdAt()),
            admitted.map(GangBook.Admitted::fullRecorded).orElse(false)));
    return true;
  }

  private ResolvedPolicy policyOf(RecoveredGang g) {
    GangId gang = g.restored().id();
    return c.view()
        .pod(g.anchor().namespace(), g.anchor().name())
        .map(p -> c.policies().policyFor(p.namespace(), p.labels()))
        .orElseGet(() -> c.policies().policyFor(gang.namespace(), Map.of()));
  }

  /** Re-claims slots this replica's executors claimed that the adopted version leaves open. */
  private void keepClaims(GangId gang, Reservation before, Instant now) {
    for (Slot claimed : before.slots()) {
      if (claimed.state() != SlotState.CLAIMED) {
        continue;
      }
      String pod = claimed.pod().orElseThrow();
      Reservation current = c.ledger().reservation(gang).orElseThrow();
      boolean held = current.slots().stream().anyMatch(s -> s.pod().equals(claimed.pod()));
      boolean pending =
          c.view().pod(gang.namespace(), pod).map(p -> !p.gone() && !p.isBound()).orElse(false);
      if (held || !pending) {
        continue;
      }
      current.slots().stream()
          .filter(s -> s.state() == SlotState.OPEN && s.node().equals(claimed.node()))
          .findFirst()
          .ifPresent(s -> c.ledger().claim(gang, s.index(), pod, now));
    }
  }
}
