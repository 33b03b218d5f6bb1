package io.muster.extender.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.muster.extender.config.ExtenderConfig;
import io.muster.extender.policy.ParseResult;
import io.muster.extender.policy.PolicyParser;
import io.muster.extender.policy.PolicySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain manifests {@code deploy/manifests/muster.yaml} (rendered from the Helm chart; {@code
 * deploy/helm/check.sh} proves they equal a fresh render) say what Muster needs: the scheduler
 * profile and extender stanza, mutual TLS, the pair Deployment's hardening, least-privilege RBAC,
 * and the shipped policy. Cross-checked against the extender's own constants, so an environment
 * variable Muster does not read, or a kube-scheduler timeout shorter than Muster's, fails here.
 */
class DeployManifestsTest {
  static final Path REPO = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  static final Path MANIFESTS = REPO.resolve("deploy/manifests/muster.yaml");
  static final Path CONFIG_TEMPLATE =
      REPO.resolve("deploy/helm/muster/files/kube-scheduler-config.yaml");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static List<JsonNode> objects;

  @BeforeAll
  static void load() throws IOException {
    objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(Files.readString(MANIFESTS))) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && doc.has("kind")) {
          objects.add(doc);
        }
      }
    }
  }

  private static JsonNode object(String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseGet(() -> fail("no %s %s in %s", kind, name, MANIFESTS));
  }

  private static List<JsonNode> all(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  private static JsonNode schedulerConfig() throws IOException {
    String text =
        object("ConfigMap", "muster-scheduler-config")
            .path("data")
            .path("kube-scheduler-config.yaml")
            .asText();
    return YAML.readTree(text);
  }

  private static JsonNode podSpec() {
    return object("Deployment", "muster").path("spec").path("template").path("spec");
  }

  private static JsonNode container(String name) {
    return StreamSupport.stream(podSpec().path("containers").spliterator(), false)
        .filter(c -> c.path("name").asText().equals(name))
        .findFirst()
        .orElseGet(() -> fail("no container %s", name));
  }

  private static Optional<String> env(JsonNode container, String name) {
    return StreamSupport.stream(container.path("env").spliterator(), false)
        .filter(e -> e.path("name").asText().equals(name))
        .map(e -> e.path("value").asText())
        .findFirst();
  }

  private static String mountPath(JsonNode container, String volume) {
    return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
        .filter(m -> m.path("name").asText().equals(volume))
        .map(m -> m.path("mountPath").asText())
        .findFirst()
        .orElseGet(() -> fail("container %s does not mount %s", container.path("name"), volume));
  }

  /**
   * The image sets its JVM options as JAVA_TOOL_OPTIONS from a pom property; the local launchers
   * (deploy/local, loadtest, failover-gap.sh) pass extender/jvm.options as an @argument file. What
   * the benchmarks and end-to-end tests run must be what ships.
   */
  @Test
  void theImageAndTheLocalLaunchersStartTheJvmWithTheSameOptions() throws IOException {
    String pom = Files.readString(REPO.resolve("extender/pom.xml"), StandardCharsets.UTF_8);
    java.util.regex.Matcher property =
        java.util.regex.Pattern.compile("<muster.jvm.options>([^<]*)</muster.jvm.options>")
            .matcher(pom);
    assertThat(property.find()).as("muster.jvm.options in extender/pom.xml").isTrue();
    assertThat(pom).contains("<JAVA_TOOL_OPTIONS>${muster.jvm.options}</JAVA_TOOL_OPTIONS>");
    List<String> argFile =
        Files.readAllLines(REPO.resolve("extender/jvm.options"), StandardCharsets.UTF_8).stream()
            .flatMap(l -> java.util.Arrays.stream(l.trim().split("\\s+")))
            .filter(a -> !a.isEmpty())
            .toList();
    assertThat(argFile).containsExactly(property.group(1).trim().split("\\s+"));
    for (String launcher :
        List.of(
            "deploy/local/lib.sh",
            "deploy/local/failover-gap.sh",
            "loadtest/run-throughput.sh",
            "loadtest/run-protocol.sh")) {
      assertThat(Files.readString(REPO.resolve(launcher), StandardCharsets.UTF_8))
          .as(launcher)
          .contains("extender/jvm.options");
    }
  }

  @Test
  void theSchedulerProfileIsMusterAndScoresEveryNode() throws IOException {
    JsonNode config = schedulerConfig();
    assertThat(config.path("apiVersion").asText()).isEqualTo("kubescheduler.config.k8s.io/v1");
    JsonNode profile = config.path("profiles").get(0);
    assertThat(profile.path("schedulerName").asText()).isEqualTo("muster");
    assertThat(profile.path("percentageOfNodesToScore").asInt()).isEqualTo(100);
    assertThat(config.path("clientConnection").path("kubeconfig").asText())
        .as("in-cluster config")
        .isEmpty();
  }

  @Test
  void theExtenderStanzaIsComplete() throws IOException {
    JsonNode ext = schedulerConfig().path("extenders").get(0);
    assertThat(ext.path("urlPrefix").asText()).isEqualTo("https://127.0.0.1:8888");
    assertThat(ext.path("filterVerb").asText()).isEqualTo("filter");
    assertThat(ext.path("prioritizeVerb").asText()).isEqualTo("prioritize");
    assertThat(ext.path("bindVerb").asText()).isEqualTo("bind");
    assertThat(ext.path("preemptVerb").asText()).isEqualTo("preempt");
    assertThat(ext.path("weight").asInt()).isPositive();
    assertThat(ext.path("nodeCacheCapable").asBoolean()).isTrue();
    assertThat(ext.path("ignorable").isBoolean()).isTrue();
    assertThat(ext.path("ignorable").asBoolean())
        .as("a gang scheduler that is down holds pods")
        .isFalse();
  }

  /** kube-scheduler must wait longer than Muster takes to answer (or to give up and say so). */
  @Test
  void kubeSchedulerWaitsLongerThanMustersOwnDeadline() throws IOException {
    String timeout = schedulerConfig().path("extenders").get(0).path("httpTimeout").asText();
    assertThat(timeout).matches("\\d+s");
    Duration http = Duration.ofSeconds(Long.parseLong(timeout.substring(0, timeout.length() - 1)));
    assertThat(env(container("muster"), ExtenderConfig.VERB_TIMEOUT))
        .as("the manifests keep Muster's default verb deadline")
        .isEmpty();
    assertThat(ExtenderConfig.DEFAULT_VERB_TIMEOUT).isLessThan(http);
  }

  @Test
  void kubeSchedulerAndMusterUseMutualTlsWithMountedCertificates() throws IOException {
    JsonNode ext = schedulerConfig().path("extenders").get(0);
    assertThat(ext.path("enableHTTPS").asBoolean()).isTrue();
    String clientDir = mountPath(container("kube-scheduler"), "client-tls");
    JsonNode tls = ext.path("tlsConfig");
    assertThat(tls.path("certFile").asText()).isEqualTo(clientDir + "/tls.crt");
    assertThat(tls.path("keyFile").asText()).isEqualTo(clientDir + "/tls.key");
    assertThat(tls.path("caFile").asText())
        .as("without caFile kube-scheduler would not verify Muster's certificate")
        .isEqualTo(clientDir + "/ca.crt");
    assertThat(tls.path("insecure").asBoolean(false)).isFalse();

    JsonNode muster = container("muster");
    String serverDir = mountPath(muster, "server-tls");
    assertThat(env(muster, ExtenderConfig.TLS_MODE)).contains("mtls");
    assertThat(env(muster, ExtenderConfig.TLS_CERT)).contains(serverDir + "/tls.crt");
    assertThat(env(muster, ExtenderConfig.TLS_KEY)).contains(serverDir + "/tls.key");
    assertThat(env(muster, ExtenderConfig.TLS_CLIENT_CA)).contains(serverDir + "/ca.crt");
  }

  @Test
  void musterReadsEveryVariableTheManifestSets() {
    JsonNode muster = container("muster");
    Set<String> set = new TreeSet<>();
    muster.path("env").forEach(e -> set.add(e.path("name").asText()));
    assertThat(set).isNotEmpty();
    assertThat(ExtenderConfig.KEYS).as("variables Muster reads").containsAll(set);
  }

  @Test
  void probesAndMetricsUseTheOpsPortThatNeedsNoClientCertificate() {
    JsonNode muster = container("muster");
    int ops =
        env(muster, ExtenderConfig.OPS_PORT)
            .map(Integer::parseInt)
            .orElse(ExtenderConfig.DEFAULT_OPS_PORT);
    JsonNode opsPort =
        StreamSupport.stream(muster.path("ports").spliterator(), false)
            .filter(p -> p.path("name").asText().equals("ops"))
            .findFirst()
            .orElseGet(() -> fail("no ops port"));
    assertThat(opsPort.path("containerPort").asInt()).isEqualTo(ops);
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      assertThat(muster.path(probe).path("httpGet").path("port").asText())
          .as(probe)
          .isEqualTo("ops");
    }
    assertThat(muster.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/readyz");

    JsonNode service = object("Service", "muster-metrics");
    JsonNode annotations = service.path("metadata").path("annotations");
    assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(ops);
    assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
    assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText())
        .isEqualTo("ops");
  }

  @Test
  void twoHardenedPairsSpreadOverNodes() {
    JsonNode deployment = object("Deployment", "muster");
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    JsonNode pod = podSpec();
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(pod.path("enableServiceLinks").asBoolean(true))
        .as("a Service named muster would inject MUSTER_PORT=tcp://...")
        .isFalse();
    assertThat(pod.path("schedulerName").isMissingNode())
        .as("Muster's own pods go to the default scheduler")
        .isTrue();
    for (String name : List.of("kube-scheduler", "muster")) {
      JsonNode c = container(name);
      JsonNode sc = c.path("securityContext");
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
      assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
      assertThat(sc.path("capabilities").path("drop").toString()).as(name).contains("ALL");
      assertThat(c.path("resources").path("requests").path("memory").isMissingNode()).isFalse();
      assertThat(c.path("resources").path("limits").path("memory").isMissingNode()).isFalse();
      assertThat(c.path("livenessProbe").isObject()).as(name).isTrue();
      assertThat(c.path("readinessProbe").isObject()).as(name).isTrue();
    }
    JsonNode anti =
        pod.path("affinity")
            .path("podAntiAffinity")
            .path("requiredDuringSchedulingIgnoredDuringExecution")
            .get(0);
    assertThat(anti.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertThat(object("PodDisruptionBudget", "muster").path("spec").path("maxUnavailable").asInt())
        .isEqualTo(1);
  }

  /** Each container holds only its own API credentials: Muster cannot delete pods. */
  @Test
  void onlyTheSchedulerContainerHoldsTheSchedulerToken() {
    assertThat(mountPath(container("kube-scheduler"), "scheduler-token"))
        .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
    assertThat(mountPath(container("muster"), "extender-token"))
        .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
    container("muster")
        .path("volumeMounts")
        .forEach(m -> assertThat(m.path("name").asText()).isNotEqualTo("scheduler-token"));
    assertThat(podSpec().path("serviceAccountName").asText()).isEqualTo("muster");
    JsonNode secret = object("Secret", "muster-scheduler-token");
    assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/service-account-token");
    assertThat(
            secret
                .path("metadata")
                .path("annotations")
                .path("kubernetes.io/service-account.name")
                .asText())
        .isEqualTo("muster-scheduler");
  }

  @Test
  void musterMayReadWatchPatchBindAndRecordButNeverDelete() {
    JsonNode role = object("ClusterRole", "muster-extender");
    Set<String> verbs = new TreeSet<>();
    Set<String> resources = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      rule.path("verbs").forEach(v -> verbs.add(v.asText()));
      rule.path("resources").forEach(r -> resources.add(r.asText()));
    }
    assertThat(verbs)
        .doesNotContain("delete", "deletecollection", "update", "escalate", "bind", "*");
    assertThat(verbs).contains("get", "list", "watch", "patch", "create");
    assertThat(resources).doesNotContain("secrets", "*").contains("pods", "pods/binding", "nodes");
  }

  @Test
  void theSchedulerMayRenewExactlyItsOwnLease() throws IOException {
    JsonNode election = schedulerConfig().path("leaderElection");
    assertThat(election.path("leaderElect").asBoolean()).isTrue();
    String name = election.path("resourceName").asText();
    String namespace = election.path("resourceNamespace").asText();
    assertThat(name).isNotEqualTo("kube-scheduler");
    JsonNode role = object("Role", "muster-scheduler-lease");
    assertThat(role.path("metadata").path("namespace").asText()).isEqualTo(namespace);
    JsonNode rule = role.path("rules").get(0);
    assertThat(rule.path("resourceNames").toString()).isEqualTo("[\"" + name + "\"]");
    assertThat(rule.path("verbs").toString()).contains("update").doesNotContain("delete");
    List<String> bound =
        all("ClusterRoleBinding").stream()
            .filter(b -> b.path("subjects").get(0).path("name").asText().equals("muster-scheduler"))
            .map(b -> b.path("roleRef").path("name").asText())
            .toList();
    assertThat(bound).containsExactlyInAnyOrder("system:kube-scheduler", "system:volume-scheduler");
  }

  @Test
  void thePolicyConfigMapIsTheRepositorysDefaultFileByteForByte() throws IOException {
    String shipped =
        object("ConfigMap", "muster-policies").path("data").path("policies.yaml").asText();
    String file = Files.readString(REPO.resolve("policies/default.yaml"), StandardCharsets.UTF_8);
    assertThat(shipped).isEqualTo(file);
    switch (PolicyParser.parse(shipped)) {
      case ParseResult.Parsed p -> assertThat(p.policies()).isEqualTo(PolicySet.BUILT_IN);
      case ParseResult.Rejected r -> fail("shipped policy rejected: %s", r.violations());
    }
  }

  /**
   * One source of truth: the ConfigMap is the chart's file with its placeholders filled in, and
   * deploy/local renders that same file for the local kube-scheduler.
   */
  @Test
  void theSchedulerConfigIsTheChartFileWithPlaceholdersFilledIn() throws IOException {
    String template = Files.readString(CONFIG_TEMPLATE, StandardCharsets.UTF_8);
    Map<String, String> values =
        Map.of(
            "KUBECONFIG", "",
            "SCHEDULER_NAME", "muster",
            "LEASE_NAMESPACE", "kube-system",
            "LEASE_NAME", "muster-scheduler",
            "EXTENDER_URL", "https://127.0.0.1:8888",
            "ENABLE_HTTPS", "true",
            "TLS_CERT_FILE", "/etc/muster/tls/client/tls.crt",
            "TLS_KEY_FILE", "/etc/muster/tls/client/tls.key",
            "TLS_CA_FILE", "/etc/muster/tls/client/ca.crt");
    String rendered = template;
    for (Map.Entry<String, String> v : values.entrySet()) {
      rendered = rendered.replace("${" + v.getKey() + "}", v.getValue());
    }
    assertThat(rendered).doesNotContain("${");
    String shipped =
        object("ConfigMap", "muster-scheduler-config")
            .path("data")
            .path("kube-scheduler-config.yaml")
            .asText();
    assertThat(shipped).isEqualTo(rendered);

    String upSh = Files.readString(REPO.resolve("deploy/local/up.sh"), StandardCharsets.UTF_8);
    assertThat(upSh).contains("deploy/helm/muster/files/kube-scheduler-config.yaml");
    for (String placeholder : values.keySet()) {
      assertThat(upSh).as("up.sh fills ${%s}", placeholder).contains("'${" + placeholder + "}'");
    }
  }
}
