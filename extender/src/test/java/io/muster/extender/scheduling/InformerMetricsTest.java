package io.muster.extender.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.muster.extender.cluster.PodPhase;
import io.muster.extender.cluster.PodRecord;
import io.muster.extender.metrics.ExtenderMetrics;
import io.muster.placement.model.Resources;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InformerMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

  private static PodRecord pod(Instant created) {
    return new PodRecord(
        "spark",
        "p",
        "uid",
        "1",
        created,
        Optional.empty(),
        Map.of(),
        Map.of(),
        Optional.empty(),
        PodPhase.PENDING,
        "muster",
        0,
        Resources.pod(1000, 1 << 30),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  @Test
  void countsEventsAndMeasuresLagOfFreshPodsOnly() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InformerMetrics m =
        new InformerMetrics(new ExtenderMetrics(registry), Clock.fixed(NOW, ZoneOffset.UTC));
    m.podChanged(Optional.empty(), pod(NOW.minusMillis(40)));
    m.podChanged(Optional.empty(), pod(NOW.minusSeconds(3600))); // relisted old pod: no lag
    m.podChanged(Optional.of(pod(NOW)), pod(NOW));
    m.podDeleted(pod(NOW));

    assertThat(registry.get(ExtenderMetrics.INFORMER_EVENTS).tag("type", "add").counter().count())
        .isEqualTo(2.0);
    assertThat(
            registry.get(ExtenderMetrics.INFORMER_EVENTS).tag("type", "update").counter().count())
        .isEqualTo(1.0);
    assertThat(
            registry.get(ExtenderMetrics.INFORMER_EVENTS).tag("type", "delete").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get(ExtenderMetrics.INFORMER_LAG).timer().count()).isEqualTo(1);
    assertThat(
            registry
                .get(ExtenderMetrics.INFORMER_LAG)
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(40.0);
  }
}
