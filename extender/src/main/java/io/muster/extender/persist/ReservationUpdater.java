package io.muster.extender.persist;

import io.muster.extender.cluster.PodRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Best-effort, coalesced rewrites of a reservation after slot claims and repairs. Per anchor pod at
 * most one write is in flight; while it is, newer states replace each other and only the latest is
 * written next ("latest wins"). Outcomes go to the callback (on an HTTP client thread), where a
 * {@link PersistResult.Conflict} means another replica owns the gang now.
 *
 * <p>Why best-effort is enough: the admission write (through {@link ReservationStore#persist},
 * awaited before the filter answer) is what prevents double-booking after a crash. Claims are
 * rebuilt on start from the executors observed bound ({@link ReservationRecovery}), and a repaired
 * slot that was not rewritten shows up there as an executor bound off its slot, which the ledger
 * reconciles; an unwritten claim or repair therefore loses no room and books none twice.
 */
public final class ReservationUpdater {
  /** The result of one write. */
  public record Outcome(PodRef anchor, PersistedReservation attempted, PersistResult result) {}

  private static final class Entry {
    Optional<ReservationVersion> confirmed;
    PersistedReservation pending;
    boolean inFlight;

    Entry(Optional<ReservationVersion> confirmed) {
      this.confirmed = confirmed;
    }
  }

  private final ReservationStore store;
  private final Consumer<Outcome> outcomes;
  private final Map<PodRef, Entry> entries = new HashMap<>(); // guarded by this

  public ReservationUpdater(ReservationStore store, Consumer<Outcome> outcomes) {
    this.store = store;
    this.outcomes = outcomes;
  }

  /**
   * Schedules a write of {@code latest} on {@code anchor}. {@code confirmed} is the version the
   * caller last knew to be on the pod (needed once, after taking a gang over from another writer;
   * later writes of the same writer pass on their own). Never blocks.
   */
  public void submit(
      PodRef anchor, Optional<ReservationVersion> confirmed, PersistedReservation latest) {
    PersistRequest start = null;
    synchronized (this) {
      Entry entry = entries.computeIfAbsent(anchor, k -> new Entry(confirmed));
      if (entry.pending == null || entry.pending.revision() <= latest.revision()) {
        entry.pending = latest;
      }
      if (!entry.inFlight) {
        entry.inFlight = true;
        start = take(anchor, entry);
      }
    }
    if (start != null) {
      write(start);
    }
  }

  /** Anchors with a write in flight or waiting. */
  public synchronized int pending() {
    return entries.size();
  }

  private void write(PersistRequest request) {
    store
        .persist(request)
        .whenComplete(
            (result, t) -> {
              PersistResult r = result != null ? result : new PersistResult.Failed(0, "" + t);
              try {
                outcomes.accept(new Outcome(request.anchor(), request.next(), r));
              } finally {
                PersistRequest again = afterWrite(request, r);
                if (again != null) {
                  write(again);
                }
              }
            });
  }

  private synchronized PersistRequest afterWrite(PersistRequest done, PersistResult r) {
    Entry e = entries.get(done.anchor());
    if (e == null) {
      return null;
    }
    if (r instanceof PersistResult.Written) {
      e.confirmed = Optional.of(done.next().version());
    }
    if (e.pending == null || r instanceof PersistResult.Conflict) {
      entries.remove(done.anchor()); // idle, or another replica owns it: drop what is left
      return null;
    }
    return take(done.anchor(), e);
  }

  private static PersistRequest take(PodRef anchor, Entry e) {
    PersistRequest request = new PersistRequest(anchor, Optional.empty(), e.confirmed, e.pending);
    e.pending = null;
    return request;
  }
}
