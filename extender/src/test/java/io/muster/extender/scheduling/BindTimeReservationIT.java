package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.AdmissionQueueIT.driver;
import static io.muster.extender.scheduling.AdmissionQueueIT.gang;
import static io.muster.extender.scheduling.FailoverIT.only;
import static io.muster.extender.scheduling.Harness.NS;
import static io.muster.extender.scheduling.LedgerChecks.layout;
import static io.muster.extender.scheduling.LedgerChecks.overcommitted;
import static io.muster.extender.scheduling.LedgerChecks.reservation;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code MUSTER_RESERVATION_WRITE=bind}: the driver's filter answer waits for no API write, and the
 * reservation reaches the pod in the driver's Binding. A crash between the answer and the bind, a
 * refused bind, a bind whose answer is lost, a driver bound by someone else, a stale replica
 * binding and a restart lose nothing and book nothing twice.
 */
@EnableKubernetesMockClient(crud = true)
class BindTimeReservationIT {
  /** 4 × 4 CPU: app-1 (2 + 3 × 2 CPU) takes half; app-2 (2 + 5 × 2 CPU) fits only without it. */
  private static final List<String> NODES = Replicas.NODES;

  KubernetesClient client;
  KubernetesMockServer server;

  private Replicas replicas;
  private ApiBindings bindings;

  @BeforeEach
  void nodes() {
    replicas = new Replicas(server, client);
    bindings = replicas.bindings;
  }

  @AfterEach
  void stop() {
    replicas.close();
  }

  private Harness replica(String writer) {
    return replicas.start(Harness.Options.defaults().writer(writer).writeAtBind());
  }

  private void crash(Harness h) {
    replicas.crash(h);
  }

  @Test
  void theAnswerWritesNothingAndTheBindingCarriesTheReservation() {
    Harness a = replica("replica-a");
    a.create(driver("app-1", 3));

    String node = only(a.filter(a.pod("app-1-driver"), NODES));

    // answered from the ledger: nothing on the pod yet (no event either), but the room is held
    assertThat(a.annotation("app-1-driver", MusterAnnotations.RESERVATION)).isEmpty();
    assertThat(a.events("app-1-driver", "GangAdmitted")).isEmpty();
    assertThat(reservation(a, gang("app-1"))).isPresent();
    a.create(driver("app-2", 5));
    assertThat(a.filter(a.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();

    bindings.allow(NS, "app-1-driver");
    assertThat(a.bind(a.pod("app-1-driver"), node).get("Error").asText()).isEmpty();

    // one API call: bound, with the reservation that was answered
    assertThat(bindings.received)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.node()).isEqualTo(node);
              assertThat(b.annotations()).containsKey(MusterAnnotations.RESERVATION);
            });
    a.awaitBoundInView("app-1-driver", node);
    PersistedReservation written = a.reservationOn("app-1-driver").orElseThrow();
    assertThat(written.writer()).isEqualTo("replica-a");
    assertThat(written.reservation().driverNode()).contains(node);
    Await.until(
        "the admission is told once written",
        () -> !a.events("app-1-driver", "GangAdmitted").isEmpty(),
        Harness.BOUND);
    Await.until(
        "the pending write is settled",
        () -> a.coordinator.onLoop(() -> a.coordinator.book().pendingBind(gang("app-1"))).isEmpty(),
        Harness.BOUND);

    // a replica starting now recovers exactly that reservation
    crash(a);
    Harness b = replica("replica-b");
    assertThat(reservation(b, gang("app-1")).map(Reservation::slots))
        .contains(written.reservation().slots());
    assertThat(b.filter(b.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();
    assertThat(overcommitted(b)).isEmpty();
  }

  @Test
  void aClientModeGangHasNoDriverBindingSoItsReservationIsWrittenBeforeTheFirstAnswer() {
    Harness a = replica("replica-a");
    for (int i = 1; i <= 3; i++) {
      a.create(
          TestPods.pod(NS, "client-exec-" + i)
              .app("app-client")
              .executor()
              .requests("2", "2Gi")
              .annotation("muster.io/gang-size", "3")
              .build());
    }

    String first = only(a.filter(a.pod("client-exec-1"), NODES));

    // No Binding will carry it (there is no driver): on a pod already when the answer is out.
    List<String> anchors =
        List.of("client-exec-1", "client-exec-2", "client-exec-3").stream()
            .filter(p -> a.reservationOn(p).isPresent())
            .toList();
    assertThat(anchors).hasSize(1);
    PersistedReservation written = a.reservationOn(anchors.get(0)).orElseThrow();
    assertThat(written.writer()).isEqualTo("replica-a");
    assertThat(written.reservation().slots()).hasSize(3);
    // The admission's room (slots open); which pod claims which slot stays in memory.
    assertThat(written.reservation().slots())
        .anySatisfy(s -> assertThat(s.node()).isEqualTo(first));
    assertThat(bindings.received).isEmpty();

    // A replica starting now holds the same room and steers the others into it.
    crash(a);
    Harness b = replica("replica-b");
    Reservation recovered = reservation(b, new GangId(NS, "app-client")).orElseThrow();
    assertThat(recovered.slots().stream().map(Slot::node).sorted().toList())
        .isEqualTo(written.reservation().slots().stream().map(Slot::node).sorted().toList());
    String second = only(b.filter(b.pod("client-exec-2"), NODES));
    assertThat(recovered.slots()).anySatisfy(s -> assertThat(s.node()).isEqualTo(second));
    assertThat(overcommitted(b)).isEmpty();
  }

  @Test
  void aCrashBetweenTheAnswerAndTheBindLeavesNothingAndTheUnknownDriversBindIsRefused() {
    Harness a = replica("replica-a");
    a.create(driver("app-1", 3));
    only(a.filter(a.pod("app-1-driver"), NODES));
    crash(a); // kube-scheduler holds the answer; nothing reached the API

    Harness b = replica("replica-b");
    assertThat(layout(b)).isEmpty();
    assertThat(b.annotation("app-1-driver", MusterAnnotations.RESERVATION)).isEmpty();
    bindings.allow(NS, "app-1-driver");

    // kube-scheduler's bind of the answered driver reaches the new replica: refused, not bound
    String anyNode = NODES.get(0);
    assertThat(b.bind(b.pod("app-1-driver"), anyNode).get("Error").asText())
        .contains("holds no admission");
    assertThat(bindings.received).isEmpty();
    assertThat(b.pod("app-1-driver").getSpec().getNodeName()).isNull();

    // meanwhile app-2 may take the room A had planned: nobody holds it any more
    b.create(driver("app-2", 5));
    String app2 = only(b.filter(b.pod("app-2-driver"), NODES));
    // kube-scheduler retries app-1 through filter: it waits behind app-2, never on the same room
    assertThat(b.filter(b.pod("app-1-driver"), NODES).get("NodeNames")).isEmpty();
    bindings.allow(NS, "app-2-driver");
    assertThat(b.bind(b.pod("app-2-driver"), app2).get("Error").asText()).isEmpty();
    b.awaitBoundInView("app-2-driver", app2);
    assertThat(b.reservationOn("app-2-driver").orElseThrow().writer()).isEqualTo("replica-b");
    assertThat(layout(b)).containsOnlyKeys(gang("app-2"));
    assertThat(overcommitted(b)).isEmpty();
  }

  @Test
  void aSecondReplicasBindOfTheSameDriverWritesNothingOverTheFirst() {
    Harness a = replica("replica-a");
    Harness b = replica("replica-b");
    a.create(driver("app-1", 3));
    Await.until("B sees app-1", () -> b.cache.pod(NS, "app-1-driver").isPresent(), Harness.BOUND);
    // two replicas answered the same driver (two kube-schedulers at once, the unsafe case)
    String nodeA = only(a.filter(a.pod("app-1-driver"), NODES));
    String nodeB = only(b.filter(b.pod("app-1-driver"), NODES));
    bindings.allow(NS, "app-1-driver");

    // B binds first: the driver is bound with B's reservation
    assertThat(b.bind(b.pod("app-1-driver"), nodeB).get("Error").asText()).isEmpty();
    b.awaitBoundInView("app-1-driver", nodeB);
    a.awaitBoundInView("app-1-driver", nodeB);

    // A's bind (whether it still carries A's reservation or A already follows B's) writes
    // nothing over B's: the pod is bound once, and carries B's reservation
    String answer = a.bind(a.pod("app-1-driver"), nodeA).get("Error").asText();
    if (!nodeA.equals(nodeB)) {
      assertThat(answer).isNotEmpty();
    }
    PersistedReservation onPod = a.reservationOn("app-1-driver").orElseThrow();
    assertThat(onPod.writer()).isEqualTo("replica-b");
    assertThat(a.pod("app-1-driver").getSpec().getNodeName()).isEqualTo(nodeB);
    // A follows what the pod carries (its own bind call makes it the serving replica again)
    Await.until(
        "A holds B's reservation",
        () ->
            reservation(a, gang("app-1"))
                .map(r -> nodesOf(r).equals(nodesOf(onPod.reservation())))
                .orElse(false),
        Harness.BOUND);
    assertThat(overcommitted(a)).isEmpty();
  }

  private static List<String> nodesOf(Reservation r) {
    List<String> nodes = new ArrayList<>(r.slots().stream().map(s -> s.node()).sorted().toList());
    nodes.add(0, r.driverNode().orElse(""));
    return nodes;
  }

  /**
   * Creates app-1's driver and app-2's (which fits only without app-1), answers app-1's filter and
   * returns its node: app-1 holds the room, unwritten until its bind.
   */
  private static String admitApp1BesideApp2(Harness a) {
    a.create(driver("app-1", 3));
    a.create(driver("app-2", 5));
    return only(a.filter(a.pod("app-1-driver"), NODES));
  }

  @Test
  void aDriverGoneBeforeItsBindReleasesItsRoom() {
    Harness a = replica("replica-a");
    String node = admitApp1BesideApp2(a);
    assertThat(a.filter(a.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();

    // the driver is deleted before kube-scheduler's bind arrives
    var answered = a.pod("app-1-driver");
    client.pods().inNamespace(NS).withName("app-1-driver").delete();
    assertThat(a.bind(answered, node).get("Error").asText()).isNotEmpty();
    assertThat(bindings.received).isEmpty();
    Await.until("app-1 released", () -> reservation(a, gang("app-1")).isEmpty(), Harness.BOUND);
    assertThat(only(a.filter(a.pod("app-2-driver"), NODES))).isNotEmpty();
    assertThat(overcommitted(a)).isEmpty();
  }

  /** The pending bind of app-1 is settled: written (or confirmed) in the API. */
  private static void awaitSettled(Harness a, String why) {
    Await.until(
        why,
        () -> a.coordinator.onLoop(() -> a.coordinator.book().pendingBind(gang("app-1"))).isEmpty(),
        Harness.BOUND);
  }

  /** The reservation on app-1's driver: written by replica A, with the driver on {@code node}. */
  private static PersistedReservation writtenByA(Harness a, String node) {
    PersistedReservation written = a.reservationOn("app-1-driver").orElseThrow();
    assertThat(written.writer()).isEqualTo("replica-a");
    assertThat(written.reservation().driverNode()).contains(node);
    return written;
  }

  /** A replica starting after {@code a} crashed holds exactly {@code written} for app-1. */
  private Harness recoveredAfterCrash(Harness a, PersistedReservation written) {
    crash(a);
    Harness b = replica("replica-b");
    assertThat(layout(b)).containsOnlyKeys(gang("app-1"));
    assertThat(reservation(b, gang("app-1")).map(Reservation::slots))
        .contains(written.reservation().slots());
    assertThat(overcommitted(b)).isEmpty();
    return b;
  }

  @Test
  void aBindWhoseAnswerIsLostKeepsTheRoomUntilItsEchoSettlesIt() {
    Harness a = replica("replica-a");
    String node = admitApp1BesideApp2(a);
    CompletableFuture<Void> land = bindings.allowAndLoseTheAnswer(NS, "app-1-driver");

    // every attempt of the Binding (fabric8 retries a 500) is answered 500: Muster cannot tell
    // whether it landed, so it reports no success
    assertThat(a.bind(a.pod("app-1-driver"), node).get("Error").asText()).contains("no answer");
    assertThat(bindings.received)
        .isNotEmpty()
        .allSatisfy(
            b -> {
              assertThat(b.node()).isEqualTo(node);
              assertThat(b.annotations()).containsKey(MusterAnnotations.RESERVATION);
            });
    // the room stays held while the outcome is unknown: app-2 cannot take it
    assertThat(a.filter(a.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();
    assertThat(reservation(a, gang("app-1"))).isPresent();
    assertThat(a.coordinator.onLoop(() -> a.coordinator.book().pendingBind(gang("app-1"))))
        .isPresent();

    // it had landed: the echo (the driver bound, carrying this reservation) settles the admission
    land.complete(null);
    a.awaitBoundInView("app-1-driver", node);
    awaitSettled(a, "the landed binding is confirmed by its echo");
    PersistedReservation written = writtenByA(a, node);
    assertThat(reservation(a, gang("app-1")).map(Reservation::slots))
        .contains(written.reservation().slots());

    // kube-scheduler retries the pod: filter answers the same node, and the repeated bind reads
    // the landed one back (409 "already assigned" to that node) as success
    assertThat(only(a.filter(a.pod("app-1-driver"), NODES))).isEqualTo(node);
    assertThat(a.bind(a.pod("app-1-driver"), node).get("Error").asText()).isEmpty();
    assertThat(a.filter(a.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();
    assertThat(overcommitted(a)).isEmpty();

    // a replica recovering afterwards holds exactly that reservation
    recoveredAfterCrash(a, written);
  }

  @Test
  void aDriverBoundBySomeoneElseGetsItsReservationWrittenAfterwards() {
    Harness a = replica("replica-a");
    String node = admitApp1BesideApp2(a);

    // kube-scheduler without bindVerb binds the driver itself: no reservation travels with it
    client
        .pods()
        .inNamespace(NS)
        .withName("app-1-driver")
        .edit(
            p -> {
              p.getSpec().setNodeName(node);
              return p;
            });

    // Muster sees the driver bound without its reservation and writes it then
    Await.until(
        "the reservation is written on the bound driver",
        () -> a.reservationOn("app-1-driver").isPresent(),
        Harness.BOUND);
    PersistedReservation written = writtenByA(a, node);
    awaitSettled(a, "the pending write is settled");
    assertThat(bindings.received).isEmpty();
    assertThat(a.filter(a.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();
    assertThat(overcommitted(a)).isEmpty();

    // so a replica recovering afterwards still finds it
    Harness b = recoveredAfterCrash(a, written);
    assertThat(b.filter(b.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();
  }
}
