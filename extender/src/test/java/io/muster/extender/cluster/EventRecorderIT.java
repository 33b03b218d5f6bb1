package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EventRecorderIT {
  KubernetesClient client;

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private EventRecorder recorder;
  private final EventTarget driver = EventTarget.pod(new PodRef("spark", "app-driver"), "uid-1");

  @BeforeEach
  void setUp() {
    recorder =
        new EventRecorder(
            new ClusterWriter(client, Duration.ofSeconds(5)),
            clock,
            ticker,
            new EventRecorder.Settings(
                Duration.ofMinutes(5), 4, "muster-0", Duration.ofSeconds(5)));
  }

  private EventRecorder.Outcome record(EventReason reason, String message) throws Exception {
    return recorder.record(driver, reason, message).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("spark").list().getItems();
  }

  @Test
  void createsAnEventThatNamesMusterAndThePod() throws Exception {
    assertThat(record(EventReason.GANG_WAITING, "needs 41 CPU / 164 GiB; largest plan holds 12"))
        .isEqualTo(EventRecorder.Outcome.CREATED);

    Event e = events().get(0);
    assertThat(e.getReason()).isEqualTo("GangWaiting");
    assertThat(e.getType()).isEqualTo("Normal");
    assertThat(e.getMessage()).contains("41 CPU");
    assertThat(e.getSource().getComponent()).isEqualTo("muster");
    assertThat(e.getReportingComponent()).isEqualTo("muster");
    assertThat(e.getReportingInstance()).isEqualTo("muster-0");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(e.getInvolvedObject().getName()).isEqualTo("app-driver");
    assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-1");
    assertThat(e.getFirstTimestamp()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(e.getMetadata().getName()).startsWith("app-driver.");
  }

  @Test
  void aPodRetriedAHundredTimesMakesOneEventPerWindow() throws Exception {
    for (int i = 0; i < 100; i++) {
      record(EventReason.GANG_WAITING, "attempt " + i);
    }
    assertThat(events()).hasSize(1);
    assertThat(recorder.deduplicated()).isEqualTo(99);

    // Another reason for the same pod is its own event.
    assertThat(record(EventReason.GANG_EXCEEDS_CLUSTER, "too big"))
        .isEqualTo(EventRecorder.Outcome.CREATED);

    nanos.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toNanos());
    assertThat(record(EventReason.GANG_WAITING, "still waiting"))
        .isEqualTo(EventRecorder.Outcome.CREATED);
    assertThat(events()).hasSize(3);
  }

  @Test
  void warningsAndLongMessagesAreShapedForTheApi() throws Exception {
    record(EventReason.INVALID_ANNOTATION, "x".repeat(5000));
    Event e = events().get(0);
    assertThat(e.getType()).isEqualTo("Warning");
    assertThat(e.getMessage()).hasSize(1024).endsWith("...");
  }
}
