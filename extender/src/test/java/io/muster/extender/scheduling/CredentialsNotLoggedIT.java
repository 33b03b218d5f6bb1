package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
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
    replica.close();
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

  private List<String> logLines() {
    return logged.list.stream()
        .map(
            e ->
                e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
  }
}
