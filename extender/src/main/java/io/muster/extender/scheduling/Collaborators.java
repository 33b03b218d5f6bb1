package io.muster.extender.scheduling;

import io.muster.extender.cluster.Binder;
import io.muster.extender.cluster.ClusterView;
import io.muster.extender.cluster.EventRecorder;
import io.muster.extender.cluster.PodNudger;
import io.muster.extender.cluster.ViewHealth;
import io.muster.extender.metrics.ExtenderMetrics;
import io.muster.extender.persist.ReservationStore;
import io.muster.extender.persist.ReservationUpdater;
import io.muster.extender.policy.PolicyLoader;
import io.muster.extender.spark.GangInference;
import io.muster.placement.ledger.GangLedger;
import java.time.Clock;
import java.util.function.Supplier;

/** Everything the coordinator talks to, built once by ExtenderMain (a parameter object). */
public record Collaborators(
    GangLedger ledger,
    ClusterView view,
    Supplier<ViewHealth> health,
    GangInference inference,
    PolicyLoader policies,
    ReservationStore store,
    ReservationUpdater updater,
    EventRecorder events,
    PodNudger nudger,
    Binder binder,
    ExtenderMetrics metrics,
    Clock clock) {}
