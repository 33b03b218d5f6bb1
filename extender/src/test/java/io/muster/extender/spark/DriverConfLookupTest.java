package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriverConfLookupTest {
  private static final String PATH = "/opt/spark/pod-template/pod-spec-template.yml";

  @Test
  void findsSparksOwnTemplateMountThroughTheItemPath() {
    PodSpec spec = Fixtures.driver("s4-cluster-podtemplate").getSpec();
    assertThat(DriverConfLookup.locate(spec, PATH))
        .contains(
            new DriverConfLookup.ConfigMapFile(
                "wordcount-c20ecba1fc957fbc-driver-podspec-conf-map", "podspec-configmap-key"));
    assertThat(DriverConfLookup.confConfigMap(spec))
        .contains("spark-drv-041afca1fc958405-conf-map");
  }

  @Test
  void aConfigMapVolumeWithoutItemsProjectsEveryKeyByName() {
    PodSpec spec = spec("/etc/templates", null, false);
    assertThat(DriverConfLookup.locate(spec, "/etc/templates/exec.yaml"))
        .contains(new DriverConfLookup.ConfigMapFile("templates", "exec.yaml"));
    assertThat(DriverConfLookup.locate(spec, "/etc/templates/")).isEmpty();
    assertThat(DriverConfLookup.locate(spec, "/etc/other/exec.yaml")).isEmpty();
  }

  @Test
  void aSubPathMountIsOneFile() {
    PodSpec spec = spec("/opt/exec.yaml", "exec.yaml", false);
    assertThat(DriverConfLookup.locate(spec, "/opt/exec.yaml"))
        .contains(new DriverConfLookup.ConfigMapFile("templates", "exec.yaml"));
    assertThat(DriverConfLookup.locate(spec, "/opt/exec.yaml/x")).isEmpty();
  }

  @Test
  void aNonConfigMapVolumeIsNotReadable() {
    assertThat(DriverConfLookup.locate(spec("/etc/templates", null, true), "/etc/templates/a"))
        .isEmpty();
    assertThat(DriverConfLookup.locate(null, PATH)).isEmpty();
    assertThat(DriverConfLookup.locate(new PodSpec(), PATH)).isEmpty();
  }

  @Test
  void templateParsingAcceptsYamlAndJsonAndRejectsGarbage() {
    assertThat(DriverConfLookup.parseTemplate("spec: {nodeSelector: {a: b}}")).isPresent();
    assertThat(DriverConfLookup.parseTemplate("{\"spec\": {\"nodeSelector\": {\"a\": \"b\"}}}"))
        .isPresent();
    assertThat(DriverConfLookup.parseTemplate("spec: [")).isEmpty();
    assertThat(DriverConfLookup.parseTemplate("- a\n- b\n")).isEmpty();
  }

  @Test
  void aLookupThatAnswersNullCountsAsMissing() {
    assertThat(DriverConfLookup.lookup(Fixtures.driver("s4-cluster-basic"), name -> null))
        .isEqualTo(
            new DriverConfLookup.Outcome.Waiting(
                java.util.List.of("spark-drv-27f6b4a1fc92ac87-conf-map")));
    assertThat(DriverConfLookup.lookup(null, name -> Optional.empty()))
        .isInstanceOf(DriverConfLookup.Outcome.NotMounted.class);
  }

  private static PodSpec spec(String mountPath, String subPath, boolean emptyDir) {
    PodSpecBuilder b =
        new PodSpecBuilder()
            .addNewContainer()
            .withName("spark-kubernetes-driver")
            .addNewVolumeMount()
            .withName("tpl")
            .withMountPath(mountPath)
            .withSubPath(subPath)
            .endVolumeMount()
            .endContainer();
    if (emptyDir) {
      b.addNewVolume().withName("tpl").withNewEmptyDir().endEmptyDir().endVolume();
    } else {
      b.addNewVolume()
          .withName("tpl")
          .withNewConfigMap()
          .withName("templates")
          .endConfigMap()
          .endVolume();
    }
    return b.build();
  }
}
