package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.TestPods;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pods Muster does not manage, malformed gang descriptions, executors nobody owns, and preemption
 * proposals that would break an admitted gang: each gets a clear answer and no state is corrupted.
 */
@EnableKubernetesMockClient(crud = true)
class HostileInputIT {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

  KubernetesClient client;
  KubernetesMockServer server;

  private Harness muster;
  private ApiBindings bindings;

  @BeforeEach
  void start() {
    NODES.forEach(n -> client.nodes().resource(TestPods.node(n, "4", "16Gi")).create());
    client.nodes().resource(TestPods.node("n5", "4", "16Gi")).create();
    bindings = new ApiBindings(server, client);
    muster = Harness.start(client);
  }

  @AfterEach
  void stop() {
    muster.close();
    bindings.close();
  }

  @Test
  void podsThatAreNotSparkPodsPassThroughUntouched() {
    List<Pod> pods =
        List.of(
            muster.create(TestPods.pod(NS, "web").build()),
            muster.create(TestPods.pod(NS, "no-role").app("spark-x").build()),
            muster.create(
                TestPods.pod(NS, "odd-role").app("spark-x").label("spark-role", "shuffle").build()),
            muster.create(TestPods.pod(NS, "blank-app").app("").driver().build()));
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      String rv = muster.pod(name).getMetadata().getResourceVersion();

      JsonNode verdict = muster.filter(muster.pod(name), NODES);
      JsonNode scores = Harness.json(muster.prioritizeRaw(muster.pod(name), NODES));

      assertThat(KubeSchedulerReplayIT.texts(verdict.get("NodeNames"))).as(name).isEqualTo(NODES);
      assertThat(GangCoordinatorIT.failedNodes(verdict)).as(name).isEmpty();
      assertThat(verdict.get("Error").asText()).isEmpty();
      scores.forEach(h -> assertThat(h.get("Score").asInt()).as(name).isZero());
      assertThat(muster.pod(name).getMetadata().getResourceVersion()).as(name).isEqualTo(rv);
    }
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.gangs())).isEmpty();
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.held())).isEmpty();
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(muster.nudger.stats().requested()).isZero();
  }

  @Test
  void aDriverWithAnInvalidExecutorCountIsToldSoAndNothingIsReserved() {
    muster.create(
        TestPods.pod(NS, "bad-driver")
            .app("app-bad")
            .driver()
            .annotation("muster.io/executor-count", "lots")
            .annotation("muster.io/executor-cpu", "1")
            .annotation("muster.io/executor-memory", "1Gi")
            .build());

    JsonNode verdict = muster.filter(muster.pod("bad-driver"), NODES);

    assertThat(verdict.get("NodeNames")).isEmpty();
    assertThat(verdict.get("FailedNodes")).isEmpty();
    assertThat(KubeSchedulerReplayIT.fieldNames(verdict.get("FailedAndUnresolvableNodes")))
        .containsExactlyElementsOf(NODES);
    verdict
        .get("FailedAndUnresolvableNodes")
        .forEach(m -> assertThat(m.asText()).contains("muster.io/executor-count"));
    assertThat(verdict.get("Error").asText()).isEmpty();
    Await.until(
        "InvalidAnnotation event",
        () -> !muster.events("bad-driver", "InvalidAnnotation").isEmpty());
    assertThat(muster.events("bad-driver", "InvalidAnnotation").get(0).getMessage())
        .contains("muster.io/executor-count");
    assertThat(muster.annotation("bad-driver", MusterAnnotations.RESERVATION)).isEmpty();
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.gangs())).isEmpty();
  }

  @Test
  void executorsOfAnApplicationWithNoDriverAndNoGangSizeAreScheduledIndividually() {
    for (int i = 1; i <= 3; i++) {
      Pod e =
          muster.create(TestPods.pod(NS, "orphan-exec-" + i).app("app-orphan").executor().build());
      String rv = e.getMetadata().getResourceVersion();

      JsonNode verdict = muster.filter(muster.pod(e.getMetadata().getName()), NODES);

      assertThat(KubeSchedulerReplayIT.texts(verdict.get("NodeNames"))).isEqualTo(NODES);
      assertThat(GangCoordinatorIT.failedNodes(verdict)).isEmpty();
      assertThat(muster.pod(e.getMetadata().getName()).getMetadata().getResourceVersion())
          .isEqualTo(rv);
    }
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.gangs())).isEmpty();
  }

  @Test
  void clientModeExecutorsThatSayTheirGangSizeAreAdmittedTogetherEvenWhenTheyAskAtOnce() {
    List<Pod> pods = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      pods.add(
          muster.create(
              TestPods.pod(NS, "client-exec-" + i)
                  .app("app-client")
                  .executor()
                  .requests("2", "2Gi")
                  .annotation("muster.io/gang-size", "3")
                  .build()));
    }

    List<CompletableFuture<JsonNode>> answers =
        pods.stream()
            .map(p -> CompletableFuture.supplyAsync(() -> muster.filter(p, NODES)))
            .toList();

    List<String> steered = new ArrayList<>();
    answers.forEach(
        a -> {
          assertThat(a.join().get("NodeNames")).hasSize(1);
          steered.add(a.join().get("NodeNames").get(0).asText());
        });
    GangId gang = new GangId(NS, "app-client");
    Reservation r = muster.coordinator.onLoop(() -> muster.ledger.reservation(gang)).orElseThrow();
    assertThat(r.slots()).hasSize(3);
    assertThat(r.slots()).allSatisfy(s -> assertThat(s.pod()).isPresent());
    assertThat(steered.stream().sorted().toList())
        .isEqualTo(r.slots().stream().map(Slot::node).sorted().toList());
    // persisted on exactly one of them, the one that triggered admission
    long anchors =
        pods.stream()
            .filter(
                p ->
                    muster
                        .annotation(p.getMetadata().getName(), MusterAnnotations.RESERVATION)
                        .isPresent())
            .count();
    assertThat(anchors).isEqualTo(1);
  }

  @Test
  void preemptionNeverEvictsAReservedGangsDriverOrSlotHolders() {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(SparkFixtures.driverConfigMap(SparkFixtures.BASIC))
        .create();
    Pod driver = muster.create(SparkFixtures.driver(SparkFixtures.BASIC));
    String driverName = driver.getMetadata().getName();
    Await.until(
        "view shows the ConfigMap",
        () -> muster.cache.configMap(NS, "spark-drv-27f6b4a1fc92ac87-conf-map").isPresent());
    String driverNode =
        muster.filter(muster.pod(driverName), NODES).get("NodeNames").get(0).asText();
    bindings.allow(NS, driverName);
    muster.bind(muster.pod(driverName), driverNode);
    muster.awaitBoundInView(driverName, driverNode);
    List<Pod> executors = SparkFixtures.executors(SparkFixtures.BASIC);
    Pod exec1 = muster.create(executors.get(0));
    String exec1Name = exec1.getMetadata().getName();
    String exec1Node = muster.filter(muster.pod(exec1Name), NODES).get("NodeNames").get(0).asText();
    bindings.allow(NS, exec1Name);
    muster.bind(muster.pod(exec1Name), exec1Node);
    muster.awaitBoundInView(exec1Name, exec1Node);
    Pod filler = muster.create(TestPods.pod(NS, "filler").node("n5").build());
    Pod preemptor = muster.create(TestPods.pod(NS, "urgent").build());

    Map<String, List<String>> victims = new LinkedHashMap<>();
    victims.computeIfAbsent(driverNode, n -> new ArrayList<>()).add(driver.getMetadata().getUid());
    victims.computeIfAbsent(exec1Node, n -> new ArrayList<>()).add(exec1.getMetadata().getUid());
    victims.put("n5", List.of(filler.getMetadata().getUid()));

    JsonNode reply = muster.preempt(preemptor, victims);

    JsonNode kept = reply.get("NodeNameToMetaVictims");
    assertThat(KubeSchedulerReplayIT.fieldNames(kept)).containsExactly("n5");
    assertThat(kept.at("/n5/Pods/0/UID").asText()).isEqualTo(filler.getMetadata().getUid());

    // an executor of the gang may only preempt on its gang's slot nodes: n5 holds none
    Pod exec2 = muster.create(executors.get(1));
    JsonNode forExecutor =
        muster.preempt(exec2, Map.of("n5", List.of(filler.getMetadata().getUid())));
    assertThat(KubeSchedulerReplayIT.fieldNames(forExecutor.get("NodeNameToMetaVictims")))
        .isEmpty();
    // the gang is whole
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.active())).hasSize(1);
  }
}
