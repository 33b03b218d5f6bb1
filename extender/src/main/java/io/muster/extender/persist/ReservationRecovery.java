package io.muster.extender.persist;

import io.muster.extender.cluster.ClusterView;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodRecord;
import io.muster.placement.model.GangId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rebuilds reservations on start from the cluster view, after the informers have synced: reads
 * every pod carrying {@code muster.io/reservation}, decodes it, keeps the newest per gang, drops
 * gangs whose driver is gone or finished, and reconciles each reservation's slots with the
 * executors observed (see {@link SlotReconciler}). Pure over the view: no API call, no state;
 * deterministic for equal views.
 */
public final class ReservationRecovery {
  private final ReservationCodec codec;

  public ReservationRecovery(ReservationCodec codec) {
    this.codec = codec;
  }

  private record Candidate(PodRecord anchor, PersistedReservation persisted) {}

  public RecoveryReport recover(ClusterView view) {
    return recover(view, view.pods());
  }

  /**
   * The same rules for one application only (a standby following another replica's write of one
   * gang): its anchors are always pods of the application, since recovery skips annotations on pods
   * of another one. O(pods of the application).
   */
  public RecoveryReport recoverApp(ClusterView view, String namespace, String appId) {
    return recover(view, view.podsOfApp(namespace, appId));
  }

  private RecoveryReport recover(ClusterView view, Collection<PodRecord> pods) {
    List<SkippedReservation> skipped = new ArrayList<>();
    Map<GangId, List<Candidate>> byGang = new TreeMap<>();
    for (PodRecord pod : pods) {
      Optional<String> raw = pod.annotation(MusterAnnotations.RESERVATION);
      if (raw.isEmpty()) {
        continue;
      }
      switch (codec.decode(raw.get())) {
        case DecodeResult.Invalid invalid ->
            skipped.add(new SkippedReservation.Undecodable(pod.ref(), invalid.error()));
        case DecodeResult.Decoded decoded -> {
          PersistedReservation p = decoded.value();
          Optional<String> mismatch = mismatch(pod, p.gang());
          if (mismatch.isPresent()) {
            skipped.add(new SkippedReservation.Mismatched(pod.ref(), p.gang(), mismatch.get()));
          } else {
            byGang.computeIfAbsent(p.gang(), g -> new ArrayList<>()).add(new Candidate(pod, p));
          }
        }
      }
    }
    List<RecoveredGang> gangs = new ArrayList<>();
    for (List<Candidate> candidates : byGang.values()) {
      candidates.sort(NEWEST_FIRST);
      Candidate winner = candidates.get(0);
      for (Candidate loser : candidates.subList(1, candidates.size())) {
        skipped.add(
            new SkippedReservation.Superseded(
                loser.anchor().ref(), loser.persisted().version(), winner.anchor().ref()));
      }
      restore(view, winner, skipped).ifPresent(gangs::add);
    }
    skipped.sort(Comparator.comparing(s -> s.pod().toString()));
    return new RecoveryReport(gangs, skipped);
  }

  private static final Comparator<Candidate> NEWEST_FIRST =
      Comparator.<Candidate>comparingLong(c -> c.persisted().revision())
          .thenComparing(c -> c.persisted().reservation().reservedAt())
          .thenComparing(c -> c.anchor().isDriver())
          .reversed()
          .thenComparing(c -> c.anchor().name());

  private static Optional<String> mismatch(PodRecord pod, GangId gang) {
    if (!pod.namespace().equals(gang.namespace())) {
      return Optional.of("pod is in namespace " + pod.namespace() + ", reservation in " + gang);
    }
    String app = pod.appId().orElse("");
    if (!app.equals(gang.appId())) {
      return Optional.of("pod belongs to application \"" + app + "\", reservation to " + gang);
    }
    return Optional.empty();
  }

  private Optional<RecoveredGang> restore(
      ClusterView view, Candidate winner, List<SkippedReservation> skipped) {
    PersistedReservation persisted = winner.persisted();
    GangId gang = persisted.gang();
    List<PodRecord> appPods = view.podsOfApp(gang.namespace(), gang.appId());
    Optional<PodRecord> driver = Optional.empty();
    if (persisted.reservation().gang().driver().isPresent()) {
      driver = winner.anchor().isDriver() ? Optional.of(winner.anchor()) : liveDriver(appPods);
      Optional<String> why = driverGone(driver);
      if (why.isPresent()) {
        skipped.add(new SkippedReservation.DriverGone(winner.anchor().ref(), gang, why.get()));
        return Optional.empty();
      }
    } else if (appPods.stream().allMatch(PodRecord::gone)) {
      skipped.add(
          new SkippedReservation.DriverGone(
              winner.anchor().ref(), gang, "no live pod of the client-mode application"));
      return Optional.empty();
    }
    SlotReconciler.Result r = SlotReconciler.reconcile(persisted.reservation(), appPods, driver);
    return Optional.of(
        new RecoveredGang(
            winner.anchor().ref(),
            winner.anchor().resourceVersion(),
            persisted,
            r.restored(),
            r.claims(),
            r.findings()));
  }

  private static Optional<PodRecord> liveDriver(List<PodRecord> appPods) {
    return appPods.stream().filter(PodRecord::isDriver).filter(p -> !p.gone()).findFirst();
  }

  private static Optional<String> driverGone(Optional<PodRecord> driver) {
    if (driver.isEmpty()) {
      return Optional.of("no driver pod");
    }
    PodRecord d = driver.get();
    if (d.terminated()) {
      return Optional.of("driver " + d.name() + " is " + d.phase());
    }
    if (d.deletedAt().isPresent()) {
      return Optional.of("driver " + d.name() + " is being deleted");
    }
    return Optional.empty();
  }
}
