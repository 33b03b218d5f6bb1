package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.muster.placement.model.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodTrimmerTest {
  private final PodTrimmer trimmer =
      new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS);

  static Pod fixture(String name) throws IOException {
    try (InputStream in = PodTrimmerTest.class.getResourceAsStream("/cluster/" + name)) {
      return new KubernetesSerialization().unmarshal(in, Pod.class);
    }
  }

  @Test
  void keepsWhatASparkDriverNeedsFromARealSparkPod() throws IOException {
    PodRecord r = trimmer.trim(fixture("spark-driver-podtemplate.json"));

    assertThat(r.namespace()).isEqualTo("spark");
    assertThat(r.name()).isEqualTo("wordcount-c20ecba1fc957fbc-driver");
    assertThat(r.appId()).contains("spark-59c6a74b59224c869b6b669d0300dda8");
    assertThat(r.isDriver()).isTrue();
    assertThat(r.sparkConfMap()).contains("spark-drv-041afca1fc958405-conf-map");
    assertThat(r.podTemplateMap()).contains("wordcount-c20ecba1fc957fbc-driver-podspec-conf-map");
    assertThat(r.createdAt()).isEqualTo(Instant.parse("2026-11-21T05:30:20Z"));
    assertThat(r.uid()).isNotEmpty();
    assertThat(r.resourceVersion()).isNotEmpty();
    assertThat(r.requests().pods()).isEqualTo(1);
  }

  @Test
  void dropsAnnotationsMusterDoesNotRead() {
    Pod pod =
        TestPods.pod("ns", "a")
            .annotation("kubectl.kubernetes.io/last-applied-configuration", "x".repeat(10_000))
            .annotation("muster.io/gang-size", "4")
            .annotation("spark-executor-count", "4")
            .annotation("example.com/other", "y")
            .build();
    assertThat(trimmer.trim(pod).annotations())
        .containsOnlyKeys("muster.io/gang-size", "spark-executor-count");
  }

  @Test
  void aPodWithoutSpecOrStatusIsStillARecord() {
    Pod pod = new Pod();
    pod.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    pod.getMetadata().setNamespace("ns");
    pod.getMetadata().setName("bare");
    PodRecord r = trimmer.trim(pod);
    assertThat(r.nodeName()).isEmpty();
    assertThat(r.phase()).isEqualTo(PodPhase.PENDING);
    assertThat(r.requests()).isEqualTo(Resources.of(0, 0, 1));
    assertThat(r.countsOnNode()).isFalse();
  }

  @Test
  void aFailingSizingFunctionCountsThePodAsOneSlot() {
    PodTrimmer broken =
        new PodTrimmer(
            p -> {
              throw new IllegalArgumentException("bad quantity");
            },
            k -> true);
    assertThat(broken.trim(TestPods.pod("ns", "a").node("n1").build()).requests())
        .isEqualTo(Resources.of(0, 0, 1));
  }

  @Test
  void deletionTimestampAndPhaseAreKept() {
    Pod pod = TestPods.pod("ns", "a").node("n1").phase("Running").build();
    pod.getMetadata().setDeletionTimestamp("2026-01-01T00:00:05Z");
    PodRecord r = trimmer.trim(pod);
    assertThat(r.deletedAt()).isEqualTo(Optional.of(Instant.parse("2026-01-01T00:00:05Z")));
    assertThat(r.gone()).isTrue();
    // Still holds its room until it is gone from the API, as kube-scheduler counts it.
    assertThat(r.countsOnNode()).isTrue();
  }

  @Test
  void readsTimestampsExactlyAsInstantParseDoes() {
    List<String> texts =
        List.of(
            "2026-11-21T05:20:19Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2000-12-31T12:00:00Z",
            "2026-11-21T05:20:19.123Z",
            "2026-11-21T05:20:19+02:00",
            "2026-12-31T23:59:60Z",
            "2026-11-21T24:00:00Z",
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-21T05:60:00Z",
            "2026-11-21 05:20:19Z",
            "2026-11-2aT05:20:19Z",
            "-026-11-21T05:20:19Z",
            "yesterday");
    for (String t : texts) {
      Optional<Instant> expected;
      try {
        expected = Optional.of(Instant.parse(t));
      } catch (DateTimeParseException e) {
        expected = Optional.empty();
      }
      assertThat(PodTrimmer.instant(t)).as(t).isEqualTo(expected);
    }
    assertThat(PodTrimmer.instant("2026-11-21T05:20:19Z"))
        .contains(Instant.ofEpochSecond(1_795_238_419L));
    assertThat(PodTrimmer.instant("2023-02-29T00:00:00Z")).isEmpty();
    assertThat(PodTrimmer.instant("")).isEmpty();
    assertThat(PodTrimmer.instant(null)).isEmpty();
  }
}
