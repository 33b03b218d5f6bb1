package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Resources;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodClassifierTest {
  @Test
  void driverByLabels() {
    SparkPod p = PodClassifier.classify(pod("spark", labels("driver")));
    assertThat(p)
        .isEqualTo(
            new SparkPod.Driver(
                new GangId("spark", "spark-1"),
                new PodRef("spark", "p", "uid-1"),
                Resources.pod(1000, 1L << 30)));
  }

  @Test
  void executorWithoutExecIdOrProfileLabelIsStillAnExecutor() {
    Map<String, String> labels = labels("executor");
    SparkPod p = PodClassifier.classify(pod("spark", labels));
    assertThat(p)
        .isInstanceOfSatisfying(
            SparkPod.Executor.class,
            e -> {
              assertThat(e.execId()).isEmpty();
              assertThat(e.resourceProfileId()).isZero();
              assertThat(e.driverPod()).isEmpty();
            });
  }

  @Test
  void nonDefaultResourceProfileIsKept() {
    Map<String, String> labels = labels("executor");
    labels.put(SparkLabels.RESOURCE_PROFILE_ID, "3");
    labels.put(SparkLabels.EXEC_ID, "7");
    SparkPod p = PodClassifier.classify(pod("spark", labels));
    assertThat(p)
        .isInstanceOfSatisfying(
            SparkPod.Executor.class,
            e -> {
              assertThat(e.resourceProfileId()).isEqualTo(3);
              assertThat(e.execId()).contains("7");
            });
  }

  static Stream<Arguments> malformed() {
    Map<String, String> noRole = new HashMap<>(labels("driver"));
    noRole.remove(SparkLabels.ROLE);
    Map<String, String> blank = labels("driver");
    blank.put(SparkLabels.APP_SELECTOR, " ");
    Map<String, String> badProfile = labels("executor");
    badProfile.put(SparkLabels.RESOURCE_PROFILE_ID, "x");
    Map<String, String> negativeProfile = labels("executor");
    negativeProfile.put(SparkLabels.RESOURCE_PROFILE_ID, "-1");
    Map<String, String> driverWithExecId = labels("driver");
    driverWithExecId.put(SparkLabels.EXEC_ID, "1");
    return Stream.of(
        Arguments.of("null pod", null, "no pod"),
        Arguments.of("no metadata", new Pod(), "no spark-app-selector"),
        Arguments.of("no labels", pod("spark", null), "no spark-app-selector"),
        Arguments.of("plain pod", pod("spark", Map.of("app", "web")), "no spark-app-selector"),
        Arguments.of("blank selector", pod("spark", blank), "empty spark-app-selector"),
        Arguments.of("no namespace", pod(null, labels("driver")), "no namespace"),
        Arguments.of("no role", pod("spark", noRole), "without a spark-role"),
        Arguments.of("odd role", pod("spark", labels("shuffle")), "neither driver nor executor"),
        Arguments.of("bad profile", pod("spark", badProfile), "not a profile id"),
        Arguments.of("negative profile", pod("spark", negativeProfile), "not a profile id"),
        Arguments.of("driver with exec id", pod("spark", driverWithExecId), "spark-exec-id"),
        Arguments.of("bad quantity", withMemory(labels("driver"), "lots"), "invalid resource"),
        Arguments.of("bad executor quantity", withMemory(labels("executor"), "1x"), "invalid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedPodsAreOtherWithAReason(String name, Pod pod, String reason) {
    assertThat(PodClassifier.classify(pod))
        .isInstanceOfSatisfying(SparkPod.Other.class, o -> assertThat(o.reason()).contains(reason));
  }

  @Test
  void podWithoutSpecIsADriverRequestingNothing() {
    Pod p = pod("spark", labels("driver"));
    p.setSpec(null);
    assertThat(PodClassifier.classify(p))
        .isInstanceOfSatisfying(
            SparkPod.Driver.class, d -> assertThat(d.requests()).isEqualTo(Resources.pod(0, 0)));
  }

  static Map<String, String> labels(String role) {
    Map<String, String> m = new HashMap<>();
    m.put(SparkLabels.APP_SELECTOR, "spark-1");
    m.put(SparkLabels.ROLE, role);
    return m;
  }

  static Pod pod(String namespace, Map<String, String> labels) {
    Pod p =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withUid("uid-1")
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withNewResources()
            .addToRequests("cpu", new Quantity("1"))
            .addToRequests("memory", new Quantity("1Gi"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    ObjectMeta m = p.getMetadata();
    m.setLabels(labels);
    return p;
  }

  private static Pod withMemory(Map<String, String> labels, String memory) {
    Pod p = pod("spark", labels);
    p.getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getRequests()
        .put("memory", new Quantity(memory));
    return p;
  }
}
