package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.TestPods;
import io.muster.extender.persist.PersistedReservation;
import io.muster.placement.model.Slot;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Spark application made by Spark itself goes through Muster as kube-scheduler drives it: filter,
 * prioritize and bind over HTTP, against the mock API, informers and the real placement ledger.
 */
@EnableKubernetesMockClient(crud = true)
class GangCoordinatorIT {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");
  private static final Pattern FRACTION = Pattern.compile("\"Score\":\\s*-?\\d+\\.");

  KubernetesClient client;
  KubernetesMockServer server;

  private Harness muster;
  private ApiBindings bindings;

  @BeforeEach
  void start() {
    NODES.forEach(n -> client.nodes().resource(TestPods.node(n, "4", "16Gi")).create());
    bindings = new ApiBindings(server, client);
    muster = Harness.start(client);
  }

  @AfterEach
  void stop() {
    muster.close();
    bindings.close();
  }

  @Test
  void aSparkApplicationIsAdmittedWholeSteeredScoredAndBound() {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(SparkFixtures.driverConfigMap(SparkFixtures.BASIC))
        .create();
    Pod driver = muster.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String driverName = driver.getMetadata().getName();
    String app = driver.getMetadata().getLabels().get("spark-app-selector");
    Await.until(
        "view shows the driver ConfigMap",
        () -> muster.cache.configMap(NS, "spark-drv-27f6b4a1fc92ac87-conf-map").isPresent());

    // filter: exactly one node, and no failed list (kube-scheduler reads it only when none passes)
    JsonNode answer = muster.filter(muster.pod(driverName), NODES);
    // read straight after the answer: the reservation was written before it
    PersistedReservation persisted = muster.reservationOn(driverName).orElseThrow();

    assertThat(answer.get("Error").asText()).isEmpty();
    assertThat(answer.get("NodeNames")).hasSize(1);
    String driverNode = answer.get("NodeNames").get(0).asText();
    assertThat(failedNodes(answer)).isEmpty();
    List<String> others = NODES.stream().filter(n -> !n.equals(driverNode)).toList();
    assertThat(persisted.writer()).isEqualTo(muster.writerId);
    assertThat(persisted.revision()).isEqualTo(1);
    assertThat(persisted.reservation().driverNode()).contains(driverNode);
    assertThat(persisted.reservation().slots()).hasSize(4);
    assertThat(persisted.reservation().gang().executor().milliCpu()).isEqualTo(2000);
    assertThat(persisted.reservation().gang().executor().memoryBytes())
        .isEqualTo(4505L * 1024 * 1024);
    assertThat(muster.events(driverName, "GangAdmitted")).isNotEmpty();

    // a retry of the same driver gets the same node and writes nothing new
    String rv = muster.pod(driverName).getMetadata().getResourceVersion();
    JsonNode again = muster.filter(muster.pod(driverName), NODES);
    assertThat(again.get("NodeNames")).containsExactly(answer.get("NodeNames").get(0));
    assertThat(muster.pod(driverName).getMetadata().getResourceVersion()).isEqualTo(rv);

    // prioritize: integers 0..10, the reserved node highest
    HttpResponse<Buffer> scores = muster.prioritizeRaw(muster.pod(driverName), NODES);
    assertThat(FRACTION.matcher(scores.bodyAsString()).find()).isFalse();
    JsonNode hosts = Harness.json(scores);
    assertThat(hosts).hasSize(NODES.size());
    for (JsonNode h : hosts) {
      assertThat(h.get("Score").isInt()).isTrue();
      assertThat(h.get("Score").asInt()).isBetween(0, 10);
      if (h.get("Host").asText().equals(driverNode)) {
        assertThat(h.get("Score").asInt()).isEqualTo(10);
      } else {
        assertThat(h.get("Score").asInt()).isLessThan(10);
      }
    }

    // bind through the API; a repeated bind (kube-scheduler retrying) is no error
    bindings.allow(NS, driverName);
    assertThat(muster.bind(muster.pod(driverName), driverNode).get("Error").asText()).isEmpty();
    Await.until(
        "driver bound in the API",
        () -> driverNode.equals(muster.pod(driverName).getSpec().getNodeName()));
    assertThat(bindings.received.get(0).uid()).isEqualTo(driver.getMetadata().getUid());
    assertThat(muster.bind(muster.pod(driverName), driverNode).get("Error").asText()).isEmpty();
    assertThat(muster.bind(muster.pod(driverName), others.get(0)).get("Error").asText())
        .contains("already bound to node " + driverNode);
    muster.awaitBoundInView(driverName, driverNode);

    // executors, created by the running driver, each get exactly a slot's node
    List<String> slotNodes =
        persisted.reservation().slots().stream().map(Slot::node).sorted().toList();
    List<String> steered = new ArrayList<>();
    for (Pod e : SparkFixtures.executors(SparkFixtures.BASIC)) {
      Pod executor = muster.create(e);
      String name = executor.getMetadata().getName();
      JsonNode verdict = muster.filter(muster.pod(name), NODES);
      assertThat(verdict.get("NodeNames")).as(name).hasSize(1);
      String node = verdict.get("NodeNames").get(0).asText();
      assertThat(failedNodes(verdict)).as(name).isEmpty();
      steered.add(node);
      bindings.allow(NS, name);
      assertThat(muster.bind(muster.pod(name), node).get("Error").asText()).isEmpty();
      muster.awaitBoundInView(name, node);
    }
    assertThat(steered.stream().sorted().toList()).isEqualTo(slotNodes);

    // /debug/gangs shows the reservation, every slot bound by its executor
    Await.until(
        "every slot bound", () -> slotStates(muster, app).stream().allMatch("BOUND"::equals));
    JsonNode gangs = Harness.json(muster.get("/debug/gangs"));
    JsonNode gang = gangs.get("gangs").get(0);
    assertThat(gangs.get("gangs")).hasSize(1);
    assertThat(gang.get("gang").asText()).isEqualTo(NS + "/" + app);
    assertThat(gang.at("/reservation/driverNode").asText()).isEqualTo(driverNode);
    assertThat(gang.at("/reservation/driverBound").asBoolean()).isTrue();
    assertThat(gang.at("/reservation/slots")).hasSize(4);

    // /explain says why each pod is where it is
    JsonNode why = Harness.json(muster.get("/explain/" + NS + "/" + driverName));
    assertThat(why.get("role").asText()).isEqualTo("driver");
    assertThat(why.get("reservedNode").asText()).isEqualTo(driverNode);
    assertThat(why.get("explanation").asText()).contains("admitted with its whole gang");
    String exec1 = SparkFixtures.executors(SparkFixtures.BASIC).get(0).getMetadata().getName();
    JsonNode whyExec = Harness.json(muster.get("/explain/" + NS + "/" + exec1));
    assertThat(whyExec.get("role").asText()).isEqualTo("executor");
    assertThat(whyExec.at("/slot/state").asText()).isEqualTo("BOUND");
    assertThat(whyExec.get("explanation").asText()).startsWith("holds slot ");
  }

  @Test
  void aLostExecutorsSlotGoesToItsReplacement() {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(SparkFixtures.driverConfigMap(SparkFixtures.BASIC))
        .create();
    Pod driver = muster.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String driverName = driver.getMetadata().getName();
    Await.until(
        "view shows the driver ConfigMap",
        () -> muster.cache.configMap(NS, "spark-drv-27f6b4a1fc92ac87-conf-map").isPresent());
    String driverNode =
        muster.filter(muster.pod(driverName), NODES).get("NodeNames").get(0).asText();
    bindings.allow(NS, driverName);
    muster.bind(muster.pod(driverName), driverNode);
    muster.awaitBoundInView(driverName, driverNode);
    Pod lost = SparkFixtures.executors(SparkFixtures.BASIC).get(0);
    String lostName = lost.getMetadata().getName();
    muster.create(lost);
    String node = muster.filter(muster.pod(lostName), NODES).get("NodeNames").get(0).asText();
    bindings.allow(NS, lostName);
    muster.bind(muster.pod(lostName), node);
    muster.awaitBoundInView(lostName, node);

    client.pods().inNamespace(NS).withName(lostName).delete();
    String app = driver.getMetadata().getLabels().get("spark-app-selector");
    Await.until(
        "its slot is open again",
        () -> slotStates(muster, app).stream().noneMatch(s -> !s.equals("OPEN")));

    // Spark asks for a replacement executor (a new name and exec id)
    Pod replacement = SparkFixtures.executors(SparkFixtures.BASIC).get(0);
    replacement.getMetadata().setName(lostName.replace("exec-1", "exec-5"));
    replacement.getMetadata().getLabels().put("spark-exec-id", "5");
    muster.create(replacement);
    JsonNode verdict = muster.filter(muster.pod(replacement.getMetadata().getName()), NODES);

    assertThat(verdict.get("NodeNames")).hasSize(1);
    assertThat(verdict.get("NodeNames").get(0).asText()).isEqualTo(node);
  }

  static List<String> slotStates(Harness muster, String app) {
    JsonNode gangs = Harness.json(muster.get("/debug/gangs")).get("gangs");
    List<String> states = new ArrayList<>();
    for (JsonNode g : gangs) {
      if (g.get("gang").asText().equals(NS + "/" + app)) {
        g.at("/reservation/slots").forEach(s -> states.add(s.get("state").asText()));
      }
    }
    return states;
  }

  /** Every node listed in FailedNodes or FailedAndUnresolvableNodes, each with a message. */
  static List<String> failedNodes(JsonNode answer) {
    List<String> out = new ArrayList<>();
    for (String key : List.of("FailedNodes", "FailedAndUnresolvableNodes")) {
      answer
          .get(key)
          .fields()
          .forEachRemaining(
              e -> {
                assertThat(e.getValue().asText()).as("message for " + e.getKey()).isNotBlank();
                out.add(e.getKey());
              });
    }
    return out;
  }
}
