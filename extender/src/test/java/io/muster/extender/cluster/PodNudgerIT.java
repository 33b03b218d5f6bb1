package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PodNudgerIT {
  KubernetesClient client;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
  private PodNudger nudger;

  @BeforeEach
  void setUp() {
    nudger =
        new PodNudger(
            new ClusterWriter(client, Duration.ofSeconds(5)), clock, 2, 100, Duration.ofSeconds(5));
    client
        .pods()
        .inNamespace("spark")
        .resource(TestPods.pod("spark", "d").app("a").driver().build())
        .create();
    client.pods().inNamespace("spark").resource(TestPods.pod("spark", "other").build()).create();
  }

  private String nudgeOf(String pod) {
    Pod p = client.pods().inNamespace("spark").withName(pod).get();
    return p.getMetadata().getAnnotations() == null
        ? null
        : p.getMetadata().getAnnotations().get(MusterAnnotations.NUDGE);
  }

  @Test
  void patchesTheNudgeAnnotationOnExactlyThatPod() {
    String rv =
        client.pods().inNamespace("spark").withName("d").get().getMetadata().getResourceVersion();
    nudger.nudge(new PodRef("spark", "d"));
    Await.until("nudge sent", () -> nudger.stats().sent() == 1);

    assertThat(nudgeOf("d")).startsWith("1000000-");
    assertThat(
            client
                .pods()
                .inNamespace("spark")
                .withName("d")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isNotEqualTo(rv);
    assertThat(nudgeOf("other")).isNull();
  }

  @Test
  void aLaterNudgeChangesTheValueSoThePodIsUpdatedAgain() {
    nudger.nudge(new PodRef("spark", "d"));
    Await.until("first nudge", () -> nudger.stats().sent() == 1);
    String first = nudgeOf("d");
    nudger.nudge(new PodRef("spark", "d"));
    Await.until("second nudge", () -> nudger.stats().sent() == 2);
    assertThat(nudgeOf("d")).isNotEqualTo(first);
  }

  @Test
  void burstsForOnePodAreCoalesced() {
    for (int i = 0; i < 50; i++) {
      nudger.nudge(new PodRef("spark", "d"));
    }
    Await.until("idle", () -> nudger.pending() == 0);
    PodNudger.Stats s = nudger.stats();
    assertThat(s.requested()).isEqualTo(50);
    assertThat(s.sent() + s.coalesced()).isEqualTo(50);
    // At most one patch in flight plus one queued behind it at any time for one pod.
    assertThat(s.sent()).isLessThan(50);
    assertThat(s.failed()).isZero();
  }

  @Test
  void aVanishedPodIsCountedNotThrown() {
    nudger.nudge(new PodRef("spark", "gone"));
    Await.until("answered", () -> nudger.pending() == 0 && nudger.stats().requested() == 1);
    Await.until("counted", () -> nudger.stats().gone() + nudger.stats().failed() == 1);
    assertThat(nudger.stats().sent()).isZero();
  }
}
