package io.muster.extender.metrics;

import io.muster.extender.metrics.ExtenderMetrics.GangCounts;
import io.muster.extender.metrics.ExtenderMetrics.InformerEvent;
import io.muster.extender.metrics.ExtenderMetrics.InformerKind;
import io.muster.extender.metrics.ExtenderMetrics.Outcome;
import io.muster.extender.metrics.ExtenderMetrics.PersistResult;
import io.muster.extender.metrics.ExtenderMetrics.Role;
import io.muster.extender.metrics.ExtenderMetrics.TlsCrypto;
import io.muster.extender.metrics.ExtenderMetrics.Verb;
import io.muster.extender.metrics.ExtenderMetrics.VerbResult;
import io.muster.placement.Reason;
import io.muster.placement.model.Resources;
import java.time.Duration;

/** Touches every meter once, as the running service eventually does; shared by the scrape tests. */
final class EveryMeter {
  private EveryMeter() {}

  static void touch(ExtenderMetrics metrics) {
    metrics.verbDone(Verb.FILTER, VerbResult.OK, 3_000_000);
    metrics.decision(Role.DRIVER, Outcome.ADMITTED);
    metrics.decision(Role.EXECUTOR, Outcome.WAITING, Reason.GANG_NOT_ADMITTED);
    metrics.registerGangGauges(() -> new GangCounts(2, 1, 4));
    metrics.registerResourceGauges(
        () -> Resources.of(12_500, 48L << 30, 7), () -> Resources.of(4_000, 16L << 30, 3));
    metrics.registerSnapshotGeneration(() -> 4211);
    metrics.gangTimeToFull(Duration.ofSeconds(7));
    metrics.policyReload(true);
    metrics.informerLag(InformerKind.POD, Duration.ofMillis(40));
    metrics.informerEvent(InformerKind.NODE, InformerEvent.UPDATE);
    metrics.persist(PersistResult.CONFLICT);
    metrics.nudge();
    metrics.registerTlsCrypto(TlsCrypto.NATIVE);
  }
}
