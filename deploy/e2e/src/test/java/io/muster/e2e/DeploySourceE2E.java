package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Scenario 12: the local kube-scheduler runs the KubeSchedulerConfiguration from deploy/ (one
 * source of truth), and the extender runs as the deploy/ RBAC identity, which cannot do what it
 * must not.
 */
class DeploySourceE2E extends E2EBase {

  @Test
  void schedulerUsesTheDeployConfigurationAndTheExtenderItsLeastPrivilegeIdentity()
      throws Exception {
    Path runDir = Path.of(plane.env("RUN_DIR"));
    String used = Files.readString(runDir.resolve("kube-scheduler-config.yaml"));
    // The Helm chart's file, filled in as deploy/local/up.sh fills it (deploy/local/README.md).
    String template =
        Files.readString(
            plane.repo().resolve("deploy/helm/muster/files/kube-scheduler-config.yaml"));
    boolean mtls = "mtls".equals(plane.env("EXTENDER_TLS"));
    String rendered =
        template
            .replace("${EXTENDER_URL}", plane.env("EXTENDER_URL"))
            .replace("${KUBECONFIG}", plane.env("SCHEDULER_KUBECONFIG"))
            .replace("${SCHEDULER_NAME}", "muster")
            .replace("${LEASE_NAMESPACE}", "kube-system")
            .replace("${LEASE_NAME}", "muster-scheduler")
            .replace("${ENABLE_HTTPS}", Boolean.toString(mtls))
            .replace("${TLS_CERT_FILE}", mtls ? plane.env("EXTENDER_CLIENT_CERT") : "")
            .replace("${TLS_KEY_FILE}", mtls ? plane.env("EXTENDER_CLIENT_KEY") : "")
            .replace("${TLS_CA_FILE}", mtls ? plane.env("EXTENDER_CA_CERT") : "");
    assertThat(used).isEqualTo(rendered);

    String environ =
        new String(
                Files.readAllBytes(Path.of("/proc", plane.env("EXTENDER_PID"), "environ")),
                StandardCharsets.UTF_8)
            .replace('\0', '\n');
    assertThat(environ).contains("KUBECONFIG=" + plane.env("MUSTER_KUBECONFIG"));

    Config config =
        Config.fromKubeconfig(
            null, Files.readString(Path.of(plane.env("MUSTER_KUBECONFIG"))), null);
    try (KubernetesClient muster = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(muster.nodes().list().getItems()).hasSize(ControlPlane.NODES);
      assertThatThrownBy(() -> muster.secrets().inNamespace("muster").list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
      assertThatThrownBy(() -> muster.nodes().withName("node-1").delete())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }
}
