package io.muster.extender.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples in {@code deploy/examples/} parse and send every pod they describe to the scheduler
 * the Helm chart installs (its {@code schedulerName} value), so a renamed scheduler cannot leave
 * them pointing at nobody (a pod naming a scheduler nobody runs stays Pending forever).
 */
class DeployExamplesTest {
  static final Path REPO = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  static final Path EXAMPLES = REPO.resolve("deploy/examples");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static String schedulerName;

  @BeforeAll
  static void chartSchedulerName() throws IOException {
    schedulerName =
        YAML.readTree(REPO.resolve("deploy/helm/muster/values.yaml").toFile())
            .path("schedulerName")
            .asText();
    assertThat(schedulerName).isNotBlank();
  }

  private static JsonNode yaml(String file) throws IOException {
    return YAML.readTree(EXAMPLES.resolve(file).toFile());
  }

  @Test
  void sparkApplicationSendsDriverAndExecutorsToMuster() throws IOException {
    JsonNode app = yaml("sparkapplication.yaml");
    assertThat(app.path("apiVersion").asText()).isEqualTo("sparkoperator.k8s.io/v1beta2");
    assertThat(app.path("kind").asText()).isEqualTo("SparkApplication");
    JsonNode spec = app.path("spec");
    assertThat(spec.path("driver").path("schedulerName").asText()).isEqualTo(schedulerName);
    assertThat(spec.path("executor").path("schedulerName").asText()).isEqualTo(schedulerName);
    assertThat(spec.path("executor").path("instances").asInt()).isPositive();
    assertThat(spec.has("batchScheduler")).as("see deploy/examples/README.md").isFalse();
  }

  @Test
  void scheduledSparkApplicationRunsAreSentToMuster() throws IOException {
    JsonNode app = yaml("scheduledsparkapplication.yaml");
    assertThat(app.path("kind").asText()).isEqualTo("ScheduledSparkApplication");
    assertThat(app.path("spec").path("schedule").asText()).isNotBlank();
    JsonNode template = app.path("spec").path("template");
    assertThat(template.path("driver").path("schedulerName").asText()).isEqualTo(schedulerName);
    assertThat(template.path("executor").path("schedulerName").asText()).isEqualTo(schedulerName);
  }

  @Test
  void podTemplateForOldSparkNamesMuster() throws IOException {
    JsonNode pod = yaml("pod-template-spark-3.0-3.2.yaml");
    assertThat(pod.path("kind").asText()).isEqualTo("Pod");
    assertThat(pod.path("spec").path("schedulerName").asText()).isEqualTo(schedulerName);
  }

  @Test
  void sparkSubmitUsesClusterModeAndTheSchedulerName() throws IOException {
    String script = Files.readString(EXAMPLES.resolve("spark-submit.sh"), StandardCharsets.UTF_8);
    assertThat(script)
        .contains("--deploy-mode cluster")
        .contains("spark.kubernetes.scheduler.name=" + schedulerName)
        .contains("spark.kubernetes.driver.annotation.prometheus.io/scrape=true")
        .contains("spark.executor.instances=");
  }
}
