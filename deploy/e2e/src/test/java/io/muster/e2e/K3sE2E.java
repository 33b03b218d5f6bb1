package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.BindMode;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The gang scenario on k3s, whose embedded kube-scheduler is given deploy/'s configuration with the
 * extender URL pointing back at a Muster process on this host. Needs a Docker engine: where there
 * is none (as on the project's CI machines) JUnit reports it skipped with that reason.
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class K3sE2E {
  private static final Path REPO =
      Path.of(System.getProperty("muster.repo", "../..")).toAbsolutePath().normalize();
  private static final int EXTENDER_PORT = freePort();

  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.33.5-k3s1"))
          .withFileSystemBind(
              schedulerConfig().toString(), "/etc/muster/scheduler.yaml", BindMode.READ_ONLY)
          .withCommand(
              "server",
              "--disable=traefik",
              "--tls-san=" + "localhost",
              "--kube-scheduler-arg=config=/etc/muster/scheduler.yaml");

  private static Process extender;
  private static KubernetesClient client;

  @BeforeAll
  static void startMuster() throws IOException {
    Testcontainers.exposeHostPorts(EXTENDER_PORT);
    Path kubeconfig = Files.createTempFile("k3s", ".kubeconfig");
    Files.writeString(kubeconfig, K3S.getKubeConfigYaml());
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            REPO.resolve("extender/target/muster-extender.jar").toString());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("MUSTER_PORT", Integer.toString(EXTENDER_PORT));
    pb.environment().put("MUSTER_OPS_PORT", "0");
    pb.environment().put("MUSTER_TLS_MODE", "plain");
    pb.redirectErrorStream(true);
    pb.redirectOutput(REPO.resolve("deploy/e2e/target/k3s-extender.log").toFile());
    extender = pb.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build();
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(ControlPlane.NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  @AfterAll
  static void stopMuster() {
    if (client != null) {
      client.close();
    }
    if (extender != null) {
      extender.destroyForcibly();
    }
  }

  @Test
  void gangIsAdmittedWholeOnK3s() {
    SparkApp app = new SparkApp("k3s").driver(1, 512).executors(2, 1, 512);
    app.submit(client, Duration.ofMillis(200));
    Kube kube = new Kube(client);
    kube.awaitBound(List.of(app.driverName), Duration.ofSeconds(120));
    List<String> executors = app.createExecutors(client, 1, 2, 2, Duration.ZERO);
    kube.awaitBound(executors, Duration.ofSeconds(120));
    assertThat(kube.boundPods(app.appId)).hasSize(3);
  }

  /** The chart's scheduler configuration, pointed at Muster on this host through Testcontainers. */
  private static Path schedulerConfig() {
    try {
      String template =
          Files.readString(
              REPO.resolve("deploy/helm/muster/files/kube-scheduler-config.yaml"),
              StandardCharsets.UTF_8);
      Path out = Files.createTempFile("muster-k3s-scheduler", ".yaml");
      Files.writeString(
          out,
          template
              .replace("${EXTENDER_URL}", "http://host.testcontainers.internal:" + EXTENDER_PORT)
              .replace("${KUBECONFIG}", "/var/lib/rancher/k3s/server/cred/scheduler.kubeconfig")
              // The chart's defaults, plain HTTP (the development opt-in), as deploy/local/up.sh.
              .replace("${SCHEDULER_NAME}", "muster")
              .replace("${LEASE_NAMESPACE}", "kube-system")
              .replace("${LEASE_NAME}", "muster-scheduler")
              .replace("${ENABLE_HTTPS}", "false")
              .replace("${TLS_CERT_FILE}", "")
              .replace("${TLS_KEY_FILE}", "")
              .replace("${TLS_CA_FILE}", ""));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the scheduler configuration", e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
