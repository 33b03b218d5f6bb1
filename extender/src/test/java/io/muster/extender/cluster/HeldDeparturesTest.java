package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.model.Resources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@link ClusterIndex#holdDepartures}, a departed executor's requests stay counted on its node
 * until its departure is applied, so the room never looks free before the ledger holds it again.
 */
class HeldDeparturesTest {
  private static final long GI = 1L << 30;
  private static final Resources TWO_CPU = Resources.of(2000, 4 * GI, 1);

  private final ClusterIndex index = new ClusterIndex();
  private final PodTrimmer trimmer =
      new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS);

  @BeforeEach
  void node() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.holdDepartures();
  }

  private PodRecord executor(String uid, String phase) {
    return trimmer.trim(unbound(uid, phase).node("n1").build());
  }

  private static TestPods.PodMaker unbound(String uid, String phase) {
    return TestPods.pod("ns", "app-exec-1")
        .app("app")
        .executor()
        .requests("2", "4Gi")
        .uid(uid)
        .phase(phase);
  }

  private Resources requestedOn(String node) {
    return index.snapshot().nodes().get(node).requested();
  }

  @Test
  void aDeletedExecutorStillCountsUntilItsDepartureIsApplied() {
    PodRecord running = executor("u1", "Running");
    index.upsertPod(running);
    PodRecord last = index.removePod("ns", "app-exec-1", "").orElseThrow();

    assertThat(index.pod("ns", "app-exec-1")).as("gone from lookups at once").isEmpty();
    assertThat(requestedOn("n1")).isEqualTo(TWO_CPU);
    index.departureApplied(last);
    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
    index.departureApplied(last);
    assertThat(requestedOn("n1")).as("applied twice, subtracted once").isEqualTo(Resources.ZERO);
  }

  @Test
  void aFinishedExecutorStillCountsUntilItsDepartureIsApplied() {
    index.upsertPod(executor("u1", "Running"));
    PodRecord finished = executor("u1", "Succeeded");
    index.upsertPod(finished);
    assertThat(requestedOn("n1")).isEqualTo(TWO_CPU);
    index.departureApplied(finished);
    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
    // Its deletion later changes nothing more.
    index.departureApplied(index.removePod("ns", "app-exec-1", "").orElseThrow());
    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
  }

  @Test
  void aReplacedExecutorIsHeldByItsOwnUidWhileTheNewPodCounts() {
    PodRecord old = executor("u1", "Running");
    index.upsertPod(old);
    PodRecord replacement = trimmer.trim(unbound("u2", "Pending").build());
    index.upsertPod(replacement);
    assertThat(requestedOn("n1")).as("the old pod is still held").isEqualTo(TWO_CPU);
    index.departureApplied(replacement);
    assertThat(requestedOn("n1")).as("not released by the new pod's uid").isEqualTo(TWO_CPU);
    index.departureApplied(old);
    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
  }

  @Test
  void otherPodsLeaveAtOnce() {
    index.upsertPod(
        trimmer.trim(TestPods.pod("ns", "web").node("n1").requests("2", "4Gi").uid("w1").build()));
    index.upsertPod(
        trimmer.trim(
            TestPods.pod("ns", "app-driver")
                .app("app")
                .driver()
                .node("n1")
                .requests("2", "4Gi")
                .uid("d1")
                .build()));
    index.removePod("ns", "web", "");
    index.removePod("ns", "app-driver", "");
    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
  }

  @Test
  void withoutHoldingAnExecutorLeavesAtOnce() {
    ClusterIndex plain = new ClusterIndex();
    plain.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    plain.upsertPod(executor("u1", "Running"));
    plain.removePod("ns", "app-exec-1", "");
    assertThat(plain.snapshot().nodes().get("n1").requested()).isEqualTo(Resources.ZERO);
  }
}
