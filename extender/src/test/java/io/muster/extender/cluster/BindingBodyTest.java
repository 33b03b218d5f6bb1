package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingBodyTest {
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  @Test
  void readsBackAsTheBindingFabric8WouldHaveWritten() {
    String json = BindingBody.of(new PodRef("spark", "exec-1"), "uid-1", "", "node-7", Map.of());

    Binding expected =
        new BindingBuilder()
            .withNewMetadata()
            .withName("exec-1")
            .withNamespace("spark")
            .withUid("uid-1")
            .endMetadata()
            .withNewTarget()
            .withApiVersion("v1")
            .withKind("Node")
            .withName("node-7")
            .endTarget()
            .build();
    assertThat(FABRIC8.unmarshal(json, Binding.class)).isEqualTo(expected);
  }

  @Test
  void leavesOutAnEmptyUidAndResourceVersion() {
    String json = BindingBody.of(new PodRef("spark", "exec-1"), "", "", "node-7", Map.of());

    Binding read = FABRIC8.unmarshal(json, Binding.class);
    assertThat(json).doesNotContain("uid").doesNotContain("resourceVersion");
    assertThat(read.getMetadata().getUid()).isNull();
    assertThat(read.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void carriesPreconditionsAndAnnotationsEscaped() {
    String reservation = "{\"v\":1,\"slots\":[\"a\\\"b\"],\"note\":\"line\\nbreak é\"}";
    String json =
        BindingBody.of(
            new PodRef("spark", "driver"),
            "uid-9",
            "12345",
            "node-1",
            Map.of(MusterAnnotations.RESERVATION, reservation));

    Binding read = FABRIC8.unmarshal(json, Binding.class);
    assertThat(read.getMetadata().getResourceVersion()).isEqualTo("12345");
    assertThat(read.getMetadata().getUid()).isEqualTo("uid-9");
    assertThat(read.getMetadata().getAnnotations())
        .containsExactly(Map.entry(MusterAnnotations.RESERVATION, reservation));
    assertThat(read.getTarget().getName()).isEqualTo("node-1");
  }
}
