package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.Resources;
import org.junit.jupiter.api.Test;

class ClusterIndexTest {
  private static final long GI = 1L << 30;
  private final ClusterIndex index = new ClusterIndex();
  private final PodTrimmer trimmer =
      new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS);

  private PodRecord pod(TestPods.PodMaker maker) {
    return trimmer.trim(maker.build());
  }

  private Resources requestedOn(String node) {
    return index.snapshot().nodes().get(node).requested();
  }

  @Test
  void boundPodCountsOnItsNodeAndLeavesWhenDeleted() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1").requests("2", "4Gi").uid("u1")));

    assertThat(requestedOn("n1")).isEqualTo(Resources.of(2000, 4 * GI, 1));
    assertThat(index.snapshot().nodes().get("n1").free())
        .isEqualTo(Resources.of(6000, 28 * GI, 109));

    assertThat(index.removePod("ns", "a", "")).isPresent();
    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
  }

  @Test
  void pendingPodCountsNowhereUntilBound() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.upsertPod(pod(TestPods.pod("ns", "a").requests("2", "4Gi")));
    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);

    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1").requests("2", "4Gi")));
    assertThat(requestedOn("n1")).isEqualTo(Resources.of(2000, 4 * GI, 1));
  }

  @Test
  void reboundPodMovesItsRequestsBetweenNodes() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.upsertNode(NodeTranslator.translate(TestPods.node("n2", "8", "32Gi")));
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1").requests("2", "4Gi")));
    // A same-name pod that shows up bound elsewhere (deleted and recreated between relists).
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n2").requests("3", "1Gi")));

    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
    assertThat(requestedOn("n2")).isEqualTo(Resources.of(3000, GI, 1));
  }

  @Test
  void finishedPodStopsCountingButStaysVisible() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1").phase("Running")));
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1").phase("Succeeded")));

    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
    assertThat(index.pod("ns", "a")).get().extracting(PodRecord::terminated).isEqualTo(true);
  }

  @Test
  void failedPodStopsCounting() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1").phase("Running")));
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1").phase("Failed")));
    assertThat(requestedOn("n1")).isEqualTo(Resources.ZERO);
  }

  @Test
  void duplicateAddsCountOnce() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    PodRecord a = pod(TestPods.pod("ns", "a").node("n1").requests("1", "1Gi"));
    index.upsertPod(a);
    index.upsertPod(a);
    index.upsertPod(a);
    assertThat(requestedOn("n1")).isEqualTo(Resources.of(1000, GI, 1));
  }

  @Test
  void deleteOfUnknownPodChangesNothing() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    long gen = index.snapshot().generation();
    assertThat(index.removePod("ns", "ghost", "")).isEmpty();
    assertThat(index.snapshot().generation()).isEqualTo(gen);
  }

  @Test
  void deleteCarryingAnotherUidLeavesTheNewerPod() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1").uid("new")));
    assertThat(index.removePod("ns", "a", "old")).isEmpty();
    assertThat(index.pod("ns", "a")).isPresent();
    assertThat(requestedOn("n1").pods()).isEqualTo(1);
  }

  @Test
  void podsOnUnknownNodesCountOnceTheNodeAppears() {
    index.upsertPod(pod(TestPods.pod("ns", "a").node("late").requests("1", "1Gi")));
    assertThat(index.snapshot().nodes()).doesNotContainKey("late");
    index.upsertNode(NodeTranslator.translate(TestPods.node("late", "8", "32Gi")));
    assertThat(requestedOn("late")).isEqualTo(Resources.of(1000, GI, 1));
  }

  @Test
  void snapshotIsRebuiltOnlyAfterAChangeAndGenerationGrows() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    ClusterSnapshot first = index.snapshot();
    assertThat(index.snapshot()).isSameAs(first);

    // A pending pod changes no node's room: same snapshot.
    index.upsertPod(pod(TestPods.pod("ns", "p")));
    assertThat(index.snapshot()).isSameAs(first);

    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1")));
    index.upsertPod(pod(TestPods.pod("ns", "b").node("n1")));
    ClusterSnapshot second = index.snapshot();
    assertThat(second.generation()).isGreaterThan(first.generation());
    assertThat(second.nodes().get("n1").requested().pods()).isEqualTo(2);
    assertThat(first.nodes().get("n1").requested()).isEqualTo(Resources.ZERO);
    assertThat(second.reservations()).isEmpty();
  }

  @Test
  void unchangedNodeUpdateKeepsTheGeneration() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    long gen = index.snapshot().generation();
    assertThat(
            index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi"))).changed())
        .isFalse();
    assertThat(index.snapshot().generation()).isEqualTo(gen);
  }

  @Test
  void removedNodeLeavesTheSnapshotButItsPodsKeepCounting() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.upsertPod(pod(TestPods.pod("ns", "a").node("n1")));
    index.removeNode("n1");
    assertThat(index.snapshot().nodes()).doesNotContainKey("n1");
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    assertThat(requestedOn("n1").pods()).isEqualTo(1);
  }

  @Test
  void podsOfAppFollowsTheSelectorLabel() {
    index.upsertPod(pod(TestPods.pod("ns", "d").app("spark-1").driver()));
    index.upsertPod(pod(TestPods.pod("ns", "e1").app("spark-1").executor()));
    index.upsertPod(pod(TestPods.pod("ns", "x").app("spark-2").executor()));
    index.upsertPod(pod(TestPods.pod("other", "e2").app("spark-1").executor()));

    assertThat(index.podsOfApp("ns", "spark-1"))
        .extracting(PodRecord::name)
        .containsExactlyInAnyOrder("d", "e1");
    index.removePod("ns", "e1", "");
    assertThat(index.podsOfApp("ns", "spark-1")).extracting(PodRecord::name).containsExactly("d");
    // Relabelled to another application.
    index.upsertPod(pod(TestPods.pod("ns", "d").app("spark-3").driver()));
    assertThat(index.podsOfApp("ns", "spark-1")).isEmpty();
    assertThat(index.podsOfApp("ns", "spark-3")).extracting(PodRecord::name).containsExactly("d");
  }
}
