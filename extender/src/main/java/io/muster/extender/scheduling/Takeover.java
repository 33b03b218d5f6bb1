package io.muster.extender.scheduling;

import io.muster.extender.persist.RecoveredGang;
import io.muster.extender.persist.RecoveryReport;
import io.muster.extender.persist.ReservationRecovery;
import io.muster.placement.model.GangId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a standby replica does when kube-scheduler starts calling it (the lease changed hands, or
 * the replica just started): before deciding the call, it rebuilds the ledger from the reservations
 * persisted in the cluster exactly as a restart would ({@link ReservationRecovery}), and applies
 * the timeouts that are due. Following the other replica's writes keeps the ledger current while
 * standing by; the rebuild makes the take-over independent of any event the follower may have
 * missed, so what a new leader plans against is what a freshly started replica would.
 *
 * <p>Kept across the rebuild: gangs whose reservation this replica is writing right now (the write
 * decides), and reservations whose write had no answer yet (their room stays held until the outcome
 * is known). Claims the replica handed out are kept by {@link ReservationAdoption}. Loop-confined.
 */
final class Takeover {
  private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

  private final Collaborators c;
  private final GangBook book;
  private final ReservationAdoption adoption;
  private final DriverAdmission admission;
  private final GangLifecycle lifecycle;
  private final ReservationRecovery recovery;

  Takeover(
      Collaborators c,
      GangBook book,
      ReservationAdoption adoption,
      DriverAdmission admission,
      GangLifecycle lifecycle) {
    this.c = c;
    this.book = book;
    this.adoption = adoption;
    this.admission = admission;
    this.lifecycle = lifecycle;
    this.recovery = new ReservationRecovery(c.store().codec());
  }

  /** On the loop, before the first call after standing by is decided. */
  void run() {
    RecoveryReport report = recovery.recover(c.view());
    Set<GangId> persisted = new HashSet<>();
    report.gangs().forEach(g -> persisted.add(g.restored().id()));
    List<GangId> orphans =
        c.ledger().active().keySet().stream()
            .filter(g -> !persisted.contains(g))
            .filter(g -> !admission.writing(g) && book.admitted(g).isPresent())
            .sorted()
            .toList();
    orphans.forEach(
        g -> lifecycle.release(g, "no reservation of it is left in the cluster at take-over"));
    int rebuilt = 0;
    for (RecoveredGang g : report.gangs()) {
      if (!admission.writing(g.restored().id()) && adoption.adopt(g)) {
        rebuilt++;
      }
    }
    LOG.info(
        "take-over: {} gangs rebuilt from the cluster, {} released, {} annotations skipped",
        rebuilt,
        orphans.size(),
        report.skipped().size());
    lifecycle.sweep();
  }
}
