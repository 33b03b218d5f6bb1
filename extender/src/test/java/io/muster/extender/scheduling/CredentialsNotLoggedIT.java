package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.policy.PolicyLoader;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Security: Spark properties carry credentials (Spark-on-Kubernetes guides pass S3 keys as {@code
 * spark.hadoop.fs.s3a.*.key}), and Muster reads the whole {@code spark.properties}. A whole gang's
 * life, with Muster's own loggers at TRACE, must not put one of them in a log line, an event, or an
 * operator view. (The soak checks the same in the real extender's log at INFO.)
 */
@EnableKubernetesMockClient(crud = true)
class CredentialsNotLoggedIT {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");
  private static final List<String> SECRETS =
      List.of(
          "AKIAQWERTYUIOPASDFGH",
          "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
          "sparkAuthSecretValue0123",
          "keystorePassw0rdValue",
          "ya29oauthTokenValue0123456789",
          "urlUserInfoPassword99");

  KubernetesClient client;
  KubernetesMockServer server;

  private final Logger muster = (Logger) LoggerFactory.getLogger("io.muster");
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Level before;
  private Harness replica;
  private ApiBindings bindings;

  @BeforeEach
  void start() {
    before = muster.getLevel();
    muster.setLevel(Level.TRACE);
    logged.start();
    root.addAppender(logged);
    NODES.forEach(
        n ->
            client
                .nodes()
                .resource(io.muster.extender.cluster.TestPods.node(n, "4", "16Gi"))
                .create());
    bindings = new ApiBindings(server, client);
    replica = Harness.start(client);
  }

  @AfterEach
  void stop() {
    if (replica != null) {
      replica.close();
    }
    bindings.close();
    root.detachAppender(logged);
    muster.setLevel(before);
  }

  @Test
  void noSparkCredentialReachesTheLogEventsOrOperatorViews() {
    ConfigMap cm = SparkFixtures.driverConfigMap(SparkFixtures.BASIC);
    cm.getData()
        .put(
            "spark.properties",
            cm.getData().get("spark.properties")
                + "spark.hadoop.fs.s3a.access.key="
                + SECRETS.get(0)
                + "\nspark.hadoop.fs.s3a.secret.key="
                + SECRETS.get(1)
                + "\nspark.authenticate.secret="
                + SECRETS.get(2)
                + "\nspark.ssl.keyStorePassword="
                + SECRETS.get(3)
                + "\nspark.kubernetes.authenticate.submission.oauthToken="
                + SECRETS.get(4)
                + "\nspark.eventLog.dir=s3a\\://history\\:"
                + SECRETS.get(5)
                + "@bucket/logs\n");
    client.configMaps().inNamespace(NS).resource(cm).create();
    Pod driver = replica.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String driverName = driver.getMetadata().getName();
    List<String> views = new ArrayList<>();

    String node = replica.filter(replica.pod(driverName), NODES).get("NodeNames").get(0).asText();
    bindings.allow(NS, driverName);
    replica.bind(replica.pod(driverName), node);
    replica.awaitBoundInView(driverName, node);
    for (Pod e : SparkFixtures.executors(SparkFixtures.BASIC)) {
      String name = replica.create(e).getMetadata().getName();
      views.add(replica.prioritizeRaw(replica.pod(name), NODES).bodyAsString());
      String to = replica.filter(replica.pod(name), NODES).get("NodeNames").get(0).asText();
      bindings.allow(NS, name);
      replica.bind(replica.pod(name), to);
      views.add(replica.get("/explain/" + NS + "/" + name).bodyAsString());
    }
    views.add(replica.get("/debug/gangs").bodyAsString());
    views.add(replica.get("/explain/" + NS + "/" + driverName).bodyAsString());
    views.add(replica.get("/metrics").bodyAsString());

    List<String> lines = logLines();
    assertThat(lines).as("something was logged at all").isNotEmpty();
    assertThat(views.get(views.size() - 3))
        .as("/debug/gangs")
        .contains(driver.getMetadata().getLabels().get("spark-app-selector"));
    List<String> events =
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .map(Event::getMessage)
            .toList();
    assertThat(events).as("events were recorded").isNotEmpty();
    for (String secret : SECRETS) {
      assertThat(lines).as("log lines").noneMatch(l -> l.contains(secret));
      assertThat(events).as("events").noneMatch(m -> m != null && m.contains(secret));
      assertThat(views).as("operator views").noneMatch(v -> v.contains(secret));
    }
  }

  /**
   * The paths that log because something is wrong, each carrying a credential: refused requests
   * with an {@code Authorization} header, a cookie, or a secret in the query, the form or the body;
   * a policy ConfigMap holding a pasted kubeconfig, then broken YAML; a Spark ConfigMap with
   * secrets among garbage values; a binding the API server forbids; and the bearer token the
   * extender's own client sends (as it would its service-account token).
   */
  @Test
  void noCredentialReachesTheLogOnErrorPaths() {
    replica.close();
    bindings.close();
    KubernetesClient tokenClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withOauthToken(ERROR_PATH_SECRETS.get("client bearer token"))
                    .build())
            .build();
    bindings = new ApiBindings(server, tokenClient);
    replica = Harness.start(tokenClient);
    List<String> answers;
    try {
      refusedRequests();
      garbagePolicies();
      answers = garbageSparkConfAndAForbiddenBinding();
    } finally {
      replica.close();
      replica = null;
      tokenClient.close();
    }

    List<String> lines = logLines();
    assertThat(lines)
        .as("the error paths logged")
        .anyMatch(l -> l.contains("filter refused"))
        .anyMatch(l -> l.contains("bind refused"))
        .anyMatch(l -> l.contains("policy rejected"));
    assertThat(sentAuthorizations())
        .as("the extender's client sent its bearer token to the API server")
        .contains("Bearer " + ERROR_PATH_SECRETS.get("client bearer token"));
    List<String> events =
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .map(Event::getMessage)
            .toList();
    assertThat(events).as("events were recorded").isNotEmpty();
    ERROR_PATH_SECRETS.forEach(
        (what, secret) -> {
          assertThat(lines).as("log lines, " + what).noneMatch(l -> l.contains(secret));
          assertThat(events).as("events, " + what).noneMatch(m -> m != null && m.contains(secret));
          assertThat(answers).as("answers, " + what).noneMatch(a -> a.contains(secret));
        });
  }

  private static final Map<String, String> ERROR_PATH_SECRETS =
      Map.ofEntries(
          Map.entry("client bearer token", "eyJhbGciOiJSUzI1NiJ9.clientSaToken4242"),
          Map.entry("caller bearer token", "callerBearerToken0123456789"),
          Map.entry("caller cookie", "sessionCookieValue777"),
          Map.entry("unquoted token in a body", "unquotedBodyToken31337"),
          Map.entry("string in a wrong-typed body", "stringFieldSecret2718"),
          Map.entry("query parameter", "queryAccessToken1618"),
          Map.entry("form field", "formPasswordValue1414"),
          Map.entry("kubeconfig token in a policy", "kubeconfigUserToken5555"),
          Map.entry("kubeconfig key in a policy", "LS0tLS1CRUdJTiBQUklWQVRFkeyData"),
          Map.entry("password in broken policy YAML", "policyPassw0rdBroken"),
          Map.entry("s3a secret beside garbage", "s3aSecretBesideGarbage9999"),
          Map.entry("session token, space-separated", "s3aSessionTokenSpaced8888"),
          Map.entry("ssl key password", "sslKeyPasswordGarbage7777"));

  private void refusedRequests() {
    Map<String, String> caller =
        Map.of(
            "Content-Type", "application/json",
            "Authorization", "Bearer " + ERROR_PATH_SECRETS.get("caller bearer token"),
            "Cookie", "session=" + ERROR_PATH_SECRETS.get("caller cookie"));
    HttpMethod post = HttpMethod.POST;
    List<Integer> codes = new ArrayList<>();
    codes.add(
        replica
            .send(
                post,
                "/filter",
                caller,
                "{\"Pod\": " + ERROR_PATH_SECRETS.get("unquoted token in a body") + "}")
            .statusCode());
    codes.add(
        replica
            .send(
                post,
                "/filter?access_token=" + ERROR_PATH_SECRETS.get("query parameter"),
                caller,
                "{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":\""
                    + ERROR_PATH_SECRETS.get("string in a wrong-typed body")
                    + "\"}")
            .statusCode());
    codes.add(
        replica
            .send(
                post,
                "/bind",
                caller,
                "{\"PodName\":\"p\",\"PodNamespace\":\"n\",\"PodUID\":\"u\",\"Node\":{\"token\":\""
                    + ERROR_PATH_SECRETS.get("string in a wrong-typed body")
                    + "\"}}")
            .statusCode());
    codes.add(
        replica
            .send(
                HttpMethod.GET,
                "/filter?token=" + ERROR_PATH_SECRETS.get("query parameter"),
                caller,
                null)
            .statusCode());
    Map<String, String> form = new HashMap<>(caller);
    form.put("Content-Type", "application/x-www-form-urlencoded");
    codes.add(
        replica
            .send(post, "/filter", form, "password=" + ERROR_PATH_SECRETS.get("form field"))
            .statusCode());
    assertThat(codes).as("every request was refused").containsExactly(400, 400, 400, 405, 415);
  }

  private void garbagePolicies() {
    String kubeconfig =
        "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: "
            + ERROR_PATH_SECRETS.get("kubeconfig token in a policy")
            + "\n    client-key-data: "
            + ERROR_PATH_SECRETS.get("kubeconfig key in a policy")
            + "\n";
    ConfigMap policy =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace(Harness.MUSTER_NS)
            .withName("muster-policies")
            .endMetadata()
            .addToData(PolicyLoader.DATA_KEY, kubeconfig)
            .build();
    client.configMaps().inNamespace(Harness.MUSTER_NS).resource(policy).create();
    awaitRejections(1);
    policy
        .getData()
        .put(
            PolicyLoader.DATA_KEY,
            "default:\n  strategy: [tightly-pack\n  password: "
                + ERROR_PATH_SECRETS.get("password in broken policy YAML")
                + " {{\n");
    client.configMaps().inNamespace(Harness.MUSTER_NS).resource(policy).update();
    awaitRejections(2);
  }

  private void awaitRejections(int count) {
    long deadline = System.nanoTime() + Harness.BOUND.toNanos();
    while (logLines().stream().filter(l -> l.contains("policy rejected")).count() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "policy rejection " + count + " not logged within " + Harness.BOUND);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The answers and operator views of the driver, as text. */
  private List<String> garbageSparkConfAndAForbiddenBinding() {
    ConfigMap cm = SparkFixtures.driverConfigMap(SparkFixtures.BASIC);
    cm.getData()
        .put(
            "spark.properties",
            cm.getData().get("spark.properties")
                + "spark.executor.cores=several\n"
                + "spark.executor.memoryOverheadFactor=-7\n"
                + "spark.hadoop.fs.s3a.secret.key="
                + ERROR_PATH_SECRETS.get("s3a secret beside garbage")
                + "\nspark.hadoop.fs.s3a.session.token "
                + ERROR_PATH_SECRETS.get("session token, space-separated")
                + "\nspark.ssl.keyPassword="
                + ERROR_PATH_SECRETS.get("ssl key password")
                + "\n=\n\\\n");
    client.configMaps().inNamespace(NS).resource(cm).create();
    Pod driver = replica.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String driverName = driver.getMetadata().getName();
    List<String> answers = new ArrayList<>();
    JsonNode verdict = replica.filter(replica.pod(driverName), NODES);
    answers.add(verdict.toString());
    assertThat(verdict.toString()).as("the garbage was read").contains("spark.executor.cores");
    answers.add(replica.prioritizeRaw(replica.pod(driverName), NODES).bodyAsString());
    // Whatever the filter decided, the API server forbids this binding: the bind error path.
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + NS + "/pods/" + driverName + "/binding")
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":"
                + "\"Forbidden\",\"code\":403,\"message\":\"pods/binding is forbidden\"}")
        .always();
    JsonNode bound = replica.bind(replica.pod(driverName), "n1");
    assertThat(bound.path("Error").asText()).as("the forbidden binding").isNotEmpty();
    answers.add(bound.toString());
    answers.add(replica.get("/explain/" + NS + "/" + driverName).bodyAsString());
    answers.add(replica.get("/debug/gangs").bodyAsString());
    return answers;
  }

  /** The Authorization headers the API server received, from the mock server's request log. */
  private List<String> sentAuthorizations() {
    List<String> seen = new ArrayList<>();
    try {
      for (int i = 0; i < 10_000; i++) {
        var request = server.takeRequest(0, TimeUnit.MILLISECONDS);
        if (request == null) {
          break;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
          seen.add(authorization);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return seen;
  }

  private List<String> logLines() {
    List<ILoggingEvent> events;
    synchronized (logged) { // appends hold the appender's lock
      events = List.copyOf(logged.list);
    }
    return events.stream()
        .map(
            e ->
                e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
  }
}
