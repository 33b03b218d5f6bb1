package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Taint;
import io.muster.placement.model.TaintEffect;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTranslatorTest {
  @Test
  void translatesAllocatableLabelsTaintsAndCordon() {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("n1")
            .withLabels(Map.of("topology.kubernetes.io/zone", "a"))
            .endMetadata()
            .withNewSpec()
            .withUnschedulable(true)
            .addNewTaint()
            .withKey("dedicated")
            .withValue("spark")
            .withEffect("NoSchedule")
            .endTaint()
            .addNewTaint()
            .withKey("soft")
            .withEffect("PreferNoSchedule")
            .endTaint()
            .endSpec()
            .withNewStatus()
            .withAllocatable(
                Map.of(
                    "cpu", new Quantity("7910m"),
                    "memory", new Quantity("31Gi"),
                    "pods", new Quantity("110"),
                    "nvidia.com/gpu", new Quantity("2"),
                    "ephemeral-storage", new Quantity("100Gi")))
            .endStatus()
            .build();

    NodeState n = NodeTranslator.translate(node);

    assertThat(n.zone()).isEqualTo("a");
    assertThat(n.unschedulable()).isTrue();
    assertThat(n.taints())
        .containsExactly(
            new Taint("dedicated", "spark", TaintEffect.NO_SCHEDULE),
            new Taint("soft", "", TaintEffect.PREFER_NO_SCHEDULE));
    assertThat(n.allocatable())
        .isEqualTo(
            new Resources(
                7910,
                31L << 30,
                110,
                Map.of("nvidia.com/gpu", 2L, "ephemeral-storage", 100L << 30)));
    assertThat(n.requested()).isEqualTo(Resources.ZERO);
  }

  @Test
  void fallsBackToCapacityAndRoundsCpuUp() {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("n2")
            .endMetadata()
            .withNewStatus()
            .withCapacity(Map.of("cpu", new Quantity("0.0005"), "memory", new Quantity("1k")))
            .endStatus()
            .build();
    assertThat(NodeTranslator.translate(node).allocatable()).isEqualTo(Resources.of(1, 1000, 0));
  }

  @Test
  void nodeWithoutStatusHasNoRoom() {
    Node node = new NodeBuilder().withNewMetadata().withName("n3").endMetadata().build();
    assertThat(NodeTranslator.translate(node).allocatable()).isEqualTo(Resources.ZERO);
  }

  @Test
  void hugeQuantitiesClampInsteadOfOverflowing() {
    assertThat(NodeTranslator.base(new Quantity("100Ei"))).isEqualTo(Long.MAX_VALUE);
    assertThat(NodeTranslator.milli(new Quantity("-3"))).isZero();
  }
}
