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
import io.muster.extender.persist.PersistedReservation;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica persists a gang's reservation and dies; a fresh replica (new cluster view, ledger and
 * coordinator, another writer id) on the same API recovers it: the same reservation, bound
 * executors keep their slots, the others steer into the remaining slots, and no other gang gets the
 * room.
 */
@EnableKubernetesMockClient(crud = true)
class RestartRecoveryIT {
  /** 4 × 4 CPU: the Spark gang (1 + 4 × 2 CPU) leaves 7 CPU, too little for a second one. */
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

  KubernetesClient client;
  KubernetesMockServer server;

  private ApiBindings bindings;
  private Harness muster;

  @BeforeEach
  void nodes() {
    NODES.forEach(n -> client.nodes().resource(TestPods.node(n, "4", "16Gi")).create());
    bindings = new ApiBindings(server, client);
  }

  @AfterEach
  void stop() {
    if (muster != null) {
      muster.close();
    }
    bindings.close();
  }

  @Test
  void aRestartedReplicaRecoversTheReservationAndBooksNothingTwice() {
    List<Pod> executors = SparkFixtures.executors(SparkFixtures.BASIC);
    String exec1 = executors.get(0).getMetadata().getName();
    String exec2 = executors.get(1).getMetadata().getName();
    String driverName;
    GangId gang;
    Reservation before;
    String exec1Node;
    try (Harness first = Harness.start(client, Harness.Options.defaults().writer("replica-a"))) {
      client
          .configMaps()
          .inNamespace(NS)
          .resource(SparkFixtures.driverConfigMap(SparkFixtures.BASIC))
          .create();
      Pod driver = first.create(SparkFixtures.driver(SparkFixtures.BASIC));
      driverName = driver.getMetadata().getName();
      gang = new GangId(NS, driver.getMetadata().getLabels().get("spark-app-selector"));
      Await.until(
          "view shows the ConfigMap",
          () -> first.cache.configMap(NS, "spark-drv-27f6b4a1fc92ac87-conf-map").isPresent());
      String driverNode = only(first.filter(first.pod(driverName), NODES));
      bindings.allow(NS, driverName);
      first.bind(first.pod(driverName), driverNode);
      first.awaitBoundInView(driverName, driverNode);
      // exec-1 is steered and bound; exec-2 is steered (its slot claimed) but not bound yet
      first.create(executors.get(0));
      exec1Node = only(first.filter(first.pod(exec1), NODES));
      bindings.allow(NS, exec1);
      first.bind(first.pod(exec1), exec1Node);
      first.awaitBoundInView(exec1, exec1Node);
      first.create(executors.get(1));
      only(first.filter(first.pod(exec2), NODES));
      GangId g = gang;
      Await.until(
          "exec-1's slot is bound",
          () ->
              first
                  .coordinator
                  .onLoop(() -> first.ledger.reservation(g))
                  .orElseThrow()
                  .slots()
                  .stream()
                  .anyMatch(s -> s.state() == SlotState.BOUND));
      before = first.coordinator.onLoop(() -> first.ledger.reservation(g)).orElseThrow();
    } // the replica is gone; the API keeps every object

    muster = Harness.start(client, Harness.Options.defaults().writer("replica-b"));
    GangId g = gang;
    Reservation after = muster.coordinator.onLoop(() -> muster.ledger.reservation(g)).orElseThrow();

    assertThat(after.driverNode()).isEqualTo(before.driverNode());
    assertThat(after.driverBound()).isTrue();
    assertThat(nodesOf(after)).isEqualTo(nodesOf(before));
    assertThat(after.slots())
        .filteredOn(s -> s.pod().equals(Optional.of(exec1)))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.state()).isEqualTo(SlotState.BOUND);
              assertThat(s.node()).isEqualTo(exec1Node);
            });
    assertThat(after.slots()).filteredOn(s -> s.state() == SlotState.BOUND).hasSize(1);
    // the held room is the same as before the restart
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.held())).isNotEmpty();

    // exec-2 (retried) and the two executors still to come go exactly into the remaining slots
    List<String> remaining = new ArrayList<>(nodesOf(after));
    remaining.remove(exec1Node);
    List<String> steered = new ArrayList<>();
    steered.add(only(muster.filter(muster.pod(exec2), NODES)));
    for (Pod e : executors.subList(2, 4)) {
      muster.create(e);
      steered.add(only(muster.filter(muster.pod(e.getMetadata().getName()), NODES)));
    }
    assertThat(steered.stream().sorted().toList()).isEqualTo(remaining);

    // another gang of the same size does not get the recovered room
    Pod other = muster.create(AdmissionQueueIT.driver("app-other", 4));
    JsonNode verdict = muster.filter(other, NODES);
    assertThat(verdict.get("NodeNames")).isEmpty();
    assertThat(muster.annotation("app-other-driver", MusterAnnotations.RESERVATION)).isEmpty();

    // the new replica writes later versions over replica-a's, which it expects on the pod
    PersistedReservation onPod = muster.reservationOn(driverName).orElseThrow();
    assertThat(onPod.writer()).isEqualTo("replica-a");
    assertThat(onPod.reservation().driverNode()).isEqualTo(before.driverNode());
  }

  @Test
  void podsAskingBeforeRecoveryWaitAndAreNudgedOnceItIsDone() {
    muster = Harness.start(client, Harness.Options.defaults().withoutRecovery());
    muster.create(AdmissionQueueIT.driver("app-a", 2));

    JsonNode early = muster.filter(muster.pod("app-a-driver"), NODES);

    assertThat(early.get("NodeNames")).isEmpty();
    assertThat(early.get("FailedNodes").get("n1").asText()).contains("rebuilding");
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.gangs())).isEmpty();
    assertThat(muster.annotation("app-a-driver", MusterAnnotations.NUDGE)).isEmpty();
    assertThat(muster.get("/readyz").statusCode()).isEqualTo(503);
    assertThat(muster.get("/readyz").bodyAsString()).contains("reservations not recovered yet");

    muster.recover();

    assertThat(muster.get("/readyz").statusCode()).isEqualTo(200);
    Await.until(
        "nudged after recovery",
        () -> muster.annotation("app-a-driver", MusterAnnotations.NUDGE).isPresent());
    assertThat(muster.filter(muster.pod("app-a-driver"), NODES).get("NodeNames")).hasSize(1);
  }

  @Test
  void aClientModeGangWhoseAnchorExecutorIsDeletedIsRecoveredFromTheHeir() {
    GangId gang = new GangId(NS, "app-client");
    List<String> names = List.of("client-exec-1", "client-exec-2", "client-exec-3");
    Reservation admitted;
    String anchor;
    String heir;
    try (Harness first = Harness.start(client, Harness.Options.defaults().writer("replica-a"))) {
      names.forEach(
          n ->
              first.create(
                  TestPods.pod(NS, n)
                      .app("app-client")
                      .executor()
                      .requests("2", "2Gi")
                      .annotation("muster.io/gang-size", "3")
                      .build()));
      for (String n : names) {
        String node = only(first.filter(first.pod(n), NODES));
        bindings.allow(NS, n);
        first.bind(first.pod(n), node);
        first.awaitBoundInView(n, node);
      }
      List<String> anchors =
          names.stream().filter(n -> first.reservationOn(n).isPresent()).toList();
      assertThat(anchors).hasSize(1);
      anchor = anchors.get(0);
      PersistedReservation onAnchor = first.reservationOn(anchor).orElseThrow();
      admitted = onAnchor.reservation();
      heir = names.stream().filter(n -> !n.equals(anchor)).sorted().findFirst().orElseThrow();

      // The executor carrying the reservation ends; the application lives on.
      client.pods().inNamespace(NS).withName(anchor).delete();

      Await.until(
          "the reservation is written on the heir",
          () -> first.reservationOn(heir).isPresent(),
          Harness.BOUND);
      PersistedReservation moved = first.reservationOn(heir).orElseThrow();
      assertThat(moved.writer()).isEqualTo("replica-a");
      assertThat(moved.revision()).isGreaterThan(onAnchor.revision());
      assertThat(nodesOf(moved.reservation())).isEqualTo(nodesOf(admitted));
    }

    muster = Harness.start(client, Harness.Options.defaults().writer("replica-b"));

    Reservation recovered = LedgerChecks.reservation(muster, gang).orElseThrow();
    assertThat(nodesOf(recovered)).isEqualTo(nodesOf(admitted));
    // the two live executors keep their slots, the deleted one's slot is open again
    assertThat(recovered.slots().stream().filter(sl -> sl.state() == SlotState.BOUND).count())
        .isEqualTo(2);
    assertThat(LedgerChecks.overcommitted(muster)).isEmpty();
  }

  private static List<String> nodesOf(Reservation r) {
    return r.slots().stream().map(Slot::node).sorted().toList();
  }

  private static String only(JsonNode verdict) {
    assertThat(verdict.get("NodeNames")).hasSize(1);
    return verdict.get("NodeNames").get(0).asText();
  }
}
