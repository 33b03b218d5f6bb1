package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.placement.model.Resources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRequestsTest {
  private static final long MI = 1L << 20;
  private static final long GI = 1L << 30;

  @Test
  void sumsAppContainersAndCountsOnePod() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("a", Map.of("cpu", "1", "memory", "1Gi"), Map.of()))
            .addToContainers(container("b", Map.of("cpu", "250m", "memory", "512Mi"), Map.of()))
            .build();
    assertThat(PodRequests.of(spec)).isEqualTo(Resources.pod(1250, GI + 512 * MI));
  }

  @Test
  void aLimitWithoutARequestCountsAsTheRequest() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(
                container("a", Map.of("cpu", "1"), Map.of("cpu", "2", "memory", "4505Mi")))
            .build();
    assertThat(PodRequests.of(spec)).isEqualTo(Resources.pod(1000, 4505 * MI));
  }

  @Test
  void anInitContainerRaisesEachResourceToItsOwnPeak() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("app", Map.of("cpu", "1", "memory", "1Gi"), Map.of()))
            .withInitContainers(
                container("init-cpu", Map.of("cpu", "3", "memory", "100Mi"), Map.of()),
                container("init-mem", Map.of("cpu", "100m", "memory", "2Gi"), Map.of()))
            .build();
    assertThat(PodRequests.of(spec)).isEqualTo(Resources.pod(3000, 2 * GI));
  }

  @Test
  void aRestartableSidecarAddsToTheSumAndToLaterInitSteps() {
    Container sidecar =
        new ContainerBuilder(container("proxy", Map.of("cpu", "500m", "memory", "256Mi"), Map.of()))
            .withRestartPolicy("Always")
            .build();
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("app", Map.of("cpu", "1", "memory", "1Gi"), Map.of()))
            .withInitContainers(
                sidecar, container("migrate", Map.of("cpu", "2", "memory", "128Mi"), Map.of()))
            .build();
    // app + sidecar = 1.5 CPU / 1.25 Gi; init step "migrate" runs beside the sidecar: 2.5 CPU.
    assertThat(PodRequests.of(spec)).isEqualTo(Resources.pod(2500, GI + 256 * MI));
  }

  @Test
  void podOverheadIsAdded() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("a", Map.of("cpu", "1", "memory", "1Gi"), Map.of()))
            .withOverhead(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("120Mi")))
            .build();
    assertThat(PodRequests.of(spec)).isEqualTo(Resources.pod(1250, GI + 120 * MI));
  }

  @Test
  void podLevelResourcesReplaceTheContainerSumForCpuAndMemory() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("a", Map.of("cpu", "1", "memory", "1Gi"), Map.of()))
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("3"), "memory", new Quantity("4Gi")))
            .endResources()
            .build();
    assertThat(PodRequests.of(spec)).isEqualTo(Resources.pod(3000, 4 * GI));
  }

  @Test
  void extendedResourcesAndHugePagesAreKeptEphemeralStorageIsNot() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(
                container(
                    "a",
                    Map.of("cpu", "2", "memory", "1Gi", "ephemeral-storage", "10Gi"),
                    Map.of("nvidia.com/gpu", "1", "hugepages-2Mi", "64Mi")),
                container("b", Map.of(), Map.of("nvidia.com/gpu", "2")))
            .build();
    assertThat(PodRequests.of(spec))
        .isEqualTo(
            Resources.pod(2000, GI)
                .withExtended("nvidia.com/gpu", 3)
                .withExtended("hugepages-2Mi", 64 * MI));
  }

  @Test
  void sumsExactlyAndRoundsUpOnce() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(
                container("a", Map.of("cpu", "0.0005"), Map.of()),
                container("b", Map.of("cpu", "0.0005"), Map.of()))
            .build();
    assertThat(PodRequests.of(spec).milliCpu()).isEqualTo(1);
  }

  @Test
  void nullsAnywhereMeanNothingRequested() {
    assertThat(PodRequests.of(null)).isEqualTo(Resources.pod(0, 0));
    assertThat(PodRequests.of(new PodSpec())).isEqualTo(Resources.pod(0, 0));
    PodSpec spec = new PodSpec();
    spec.setContainers(new java.util.ArrayList<>(java.util.Arrays.asList(null, new Container())));
    assertThat(PodRequests.of(spec)).isEqualTo(Resources.pod(0, 0));
  }

  @Test
  void anUnusableQuantityNamesItsField() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("spark", Map.of("memory", "4x"), Map.of()))
            .build();
    assertThatThrownBy(() -> PodRequests.of(spec))
        .isInstanceOf(InvalidQuantityException.class)
        .hasMessageContaining("spec.containers[spark].resources.requests[memory]");
  }

  @Test
  void resourceNamesAreClassifiedLikeKubernetes() {
    assertThat(ResourceName.of("cpu")).isEqualTo(ResourceName.CPU);
    assertThat(ResourceName.of("memory")).isEqualTo(ResourceName.MEMORY);
    assertThat(ResourceName.of("nvidia.com/gpu")).isEqualTo(ResourceName.EXTENDED);
    assertThat(ResourceName.of("hugepages-1Gi")).isEqualTo(ResourceName.EXTENDED);
    assertThat(ResourceName.of("ephemeral-storage")).isEqualTo(ResourceName.IGNORED);
    assertThat(ResourceName.of("pods")).isEqualTo(ResourceName.IGNORED);
    assertThat(ResourceName.of("kubernetes.io/batch-cpu")).isEqualTo(ResourceName.IGNORED);
    assertThat(ResourceName.of("requests.example.com/x")).isEqualTo(ResourceName.IGNORED);
    assertThat(ResourceName.of(null)).isEqualTo(ResourceName.IGNORED);
  }

  private static Container container(
      String name, Map<String, String> requests, Map<String, String> limits) {
    ContainerBuilder b = new ContainerBuilder().withName(name);
    var r = b.withNewResources();
    requests.forEach((k, v) -> r.addToRequests(k, new Quantity(v)));
    limits.forEach((k, v) -> r.addToLimits(k, new Quantity(v)));
    return r.endResources().build();
  }
}
