package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * deploy/ on the real control plane (issue 5, "Verified"): the rendered manifests are valid for the
 * real API server, the local kube-scheduler runs from the Helm chart's KubeSchedulerConfiguration,
 * and the extender's identity has the chart's RBAC, so a call outside it is refused.
 */
@ExtendWith(ControlPlaneExtension.class)
class DeployManifestsE2E {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)\\}");

  /**
   * Server-side apply (strict field validation, dry run) of every object in
   * deploy/manifests/muster.yaml, plus a SubjectAccessReview table of what each identity may and
   * may not do; the script fails on the first surprise.
   */
  @Test
  void renderedManifestsApplyServerSideAndGrantExactlyTheIntendedRights(ControlPlane plane) {
    Map<String, String> vars = new HashMap<>();
    vars.put("RUN_DIR", plane.env("RUN_DIR"));
    // Validated and admitted in full, stored not: the suite's own objects (the policy ConfigMap
    // other scenarios edit) stay theirs.
    vars.put("APPLY_DRY_RUN", "1");
    ControlPlane.run(plane.repo(), vars, Duration.ofMinutes(2), "deploy/helm/apply-local.sh");
  }

  /** The file kube-scheduler reads is the chart's file, with only the placeholders filled in. */
  @Test
  void kubeSchedulerRunsFromTheChartsConfiguration(ControlPlane plane) throws IOException {
    String template =
        Files.readString(
            plane.repo().resolve("deploy/helm/muster/files/kube-scheduler-config.yaml"),
            StandardCharsets.UTF_8);
    String used =
        Files.readString(
            Path.of(plane.env("RUN_DIR")).resolve("kube-scheduler-config.yaml"),
            StandardCharsets.UTF_8);

    StringBuilder regex = new StringBuilder("(?s)");
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      regex.append("(?<").append(m.group(1).replace("_", "")).append(">[^\"\\n]*)");
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append("\\n?");
    Matcher filled = Pattern.compile(regex.toString()).matcher(used);

    assertThat(filled.matches())
        .as("run/kube-scheduler-config.yaml is the chart's file with placeholders filled")
        .isTrue();
    assertThat(filled.group("EXTENDERURL")).isEqualTo(plane.env("EXTENDER_URL"));
    assertThat(filled.group("SCHEDULERNAME")).isEqualTo("muster");
    assertThat(filled.group("LEASENAME")).isEqualTo("muster-scheduler");
  }

  /** The extender's token carries the chart's extender RBAC: patch yes, delete and secrets no. */
  @Test
  void theExtendersIdentityIsRefusedWhatTheChartDoesNotGrant(ControlPlane plane) {
    String name = "rbac-probe";
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ControlPlane.NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withSchedulerName("no-such-scheduler")
            .addNewContainer()
            .withName("c")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    plane.client().pods().inNamespace(ControlPlane.NAMESPACE).resource(pod).create();
    Config config =
        Config.fromKubeconfig(null, read(Path.of(plane.env("MUSTER_KUBECONFIG"))), null);
    try (KubernetesClient muster = new KubernetesClientBuilder().withConfig(config).build()) {
      var asMuster = muster.pods().inNamespace(ControlPlane.NAMESPACE).withName(name);
      asMuster.edit(
          p ->
              new PodBuilder(p)
                  .editMetadata()
                  .addToAnnotations("e2e/probe", "1")
                  .endMetadata()
                  .build());
      assertThat(plane.client().pods().inNamespace(ControlPlane.NAMESPACE).withName(name).get())
          .extracting(p -> p.getMetadata().getAnnotations().get("e2e/probe"))
          .isEqualTo("1");

      assertThatThrownBy(asMuster::delete)
          .isInstanceOf(KubernetesClientException.class)
          .extracting(e -> ((KubernetesClientException) e).getCode())
          .isEqualTo(403);
      assertThatThrownBy(() -> muster.secrets().inNamespace("muster").list())
          .isInstanceOf(KubernetesClientException.class)
          .extracting(e -> ((KubernetesClientException) e).getCode())
          .isEqualTo(403);
      assertThatThrownBy(
              () ->
                  muster
                      .nodes()
                      .withName("node-1")
                      .edit(
                          n -> {
                            n.getMetadata().getLabels().put("e2e/probe", "1");
                            return n;
                          }))
          .isInstanceOf(KubernetesClientException.class)
          .extracting(e -> ((KubernetesClientException) e).getCode())
          .isEqualTo(403);
    } finally {
      plane
          .client()
          .pods()
          .inNamespace(ControlPlane.NAMESPACE)
          .withName(name)
          .withGracePeriod(0)
          .delete();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
