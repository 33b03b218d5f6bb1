package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.AdmissionQueueIT.driver;
import static io.muster.extender.scheduling.AdmissionQueueIT.gang;
import static io.muster.extender.scheduling.FailoverIT.executor;
import static io.muster.extender.scheduling.FailoverIT.only;
import static io.muster.extender.scheduling.Harness.NS;
import static io.muster.extender.scheduling.LedgerChecks.layout;
import static io.muster.extender.scheduling.LedgerChecks.overcommitted;
import static io.muster.extender.scheduling.LedgerChecks.reservation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.persist.DecodeResult;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.persist.ReservationCodec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica dies at each step of admitting a gang (while writing the reservation, after it landed
 * but before answering, while binding); a fresh replica recovering from the same API loses nothing
 * and books nothing twice. Also: a write whose answer is lost keeps its room held.
 */
@EnableKubernetesMockClient(crud = true)
class AdmissionCrashIT {
  /** 4 × 4 CPU: app-1 (2 + 3 × 2 CPU) takes half; app-2 (2 + 5 × 2 CPU) fits only without it. */
  private static final List<String> NODES = Replicas.NODES;

  private static final String DRIVER_PATH = "/api/v1/namespaces/" + NS + "/pods/app-1-driver";

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
    return replicas.start(Harness.Options.defaults().writer(writer));
  }

  private void crash(Harness h) {
    replicas.crash(h);
  }

  @Test
  void aCrashWhileTheReservationIsWrittenLeavesNothingBehind() {
    Harness a = replica("replica-a");
    a.create(driver("app-1", 3));
    // the write hangs: it has not reached etcd when the replica dies
    server
        .expect()
        .patch()
        .delay(60, TimeUnit.SECONDS)
        .withPath(DRIVER_PATH)
        .andReturn(200, "{}")
        .once();
    CompletableFuture.runAsync(() -> a.filter(a.pod("app-1-driver"), NODES));
    Await.until(
        "A planned app-1 and is writing it",
        () ->
            a.coordinator.onLoop(() -> a.coordinator.book().lastWritten(gang("app-1"))).isPresent(),
        Harness.BOUND);
    assertThat(reservation(a, gang("app-1"))).isPresent();

    crash(a);
    Harness b = replica("replica-b");

    assertThat(layout(b)).isEmpty();
    assertThat(b.annotation("app-1-driver", MusterAnnotations.RESERVATION)).isEmpty();
    // kube-scheduler retries the driver on the new leader: admitted once, from scratch
    String node = only(b.filter(b.pod("app-1-driver"), NODES));
    PersistedReservation written = b.reservationOn("app-1-driver").orElseThrow();
    assertThat(written.writer()).isEqualTo("replica-b");
    assertThat(written.reservation().driverNode()).contains(node);
    assertThat(layout(b)).containsOnlyKeys(gang("app-1"));
    assertThat(overcommitted(b)).isEmpty();
  }

  @Test
  void aCrashAfterTheReservationLandedButBeforeTheAnswerLosesNothingAndBooksNothingTwice() {
    Harness a = replica("replica-a");
    a.create(driver("app-1", 3));
    try (LandedButUnanswered lost = new LandedButUnanswered(server, client, "app-1-driver")) {
      CompletableFuture.runAsync(() -> a.filter(a.pod("app-1-driver"), NODES));
      Await.until(
          "the reservation reached the API",
          () -> a.annotation("app-1-driver", MusterAnnotations.RESERVATION).isPresent(),
          Harness.BOUND);
      crash(a); // before any answer reached kube-scheduler
      PersistedReservation landed = reservationOf(client, "app-1-driver");
      assertThat(landed.writer()).isEqualTo("replica-a");

      Harness b = replica("replica-b");

      assertThat(reservation(b, gang("app-1")).map(Reservation::slots))
          .contains(landed.reservation().slots());
      // the retried driver gets the node that was written, and nothing is written again
      assertThat(only(b.filter(b.pod("app-1-driver"), NODES)))
          .isEqualTo(landed.reservation().driverNode().orElseThrow());
      assertThat(b.reservationOn("app-1-driver")).contains(landed);
      // app-2 would fit only in app-1's room: it waits
      b.create(driver("app-2", 5));
      assertThat(b.filter(b.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();
      assertThat(overcommitted(b)).isEmpty();
    }
  }

  @Test
  void aWriteWhoseAnswerIsLostKeepsItsRoomHeldUntilItIsKnownToHaveLanded() {
    Harness a = replica("replica-a");
    a.create(driver("app-1", 3));
    a.create(driver("app-2", 5));
    try (LandedButUnanswered lost = new LandedButUnanswered(server, client, "app-1-driver")) {
      JsonNode first = a.filter(a.pod("app-1-driver"), NODES);

      assertThat(first.get("NodeNames")).isEmpty();
      assertThat(first.get("FailedNodes").get("n1").asText()).contains("without an answer");
      assertThat(lost.landed()).isTrue();
      // the room stays held while the outcome is unknown: app-2 cannot take it
      assertThat(a.filter(a.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();
      assertThat(a.annotation("app-2-driver", MusterAnnotations.RESERVATION)).isEmpty();
      // the write's echo confirms it: the driver, nudged, goes to the node written
      Await.until(
          "the landed write is confirmed",
          () ->
              a.coordinator.onLoop(() -> a.coordinator.book().admitted(gang("app-1"))).isPresent(),
          Harness.BOUND);
      PersistedReservation landed = reservationOf(client, "app-1-driver");
      assertThat(only(a.filter(a.pod("app-1-driver"), NODES)))
          .isEqualTo(landed.reservation().driverNode().orElseThrow());
      assertThat(overcommitted(a)).isEmpty();

      // a replica recovering afterwards holds exactly what A holds
      crash(a);
      Harness b = replica("replica-b");
      assertThat(layout(b)).containsOnlyKeys(gang("app-1"));
      assertThat(overcommitted(b)).isEmpty();
    }
  }

  @Test
  void aCrashDuringBindingLosesNoClaimAndTheRepeatedBindIsHarmless() {
    Harness a = replica("replica-a");
    a.create(driver("app-1", 3));
    String driverNode = only(a.filter(a.pod("app-1-driver"), NODES));
    bindings.allow(NS, "app-1-driver");
    a.bind(a.pod("app-1-driver"), driverNode);
    a.create(executor("app-1", 1));
    String e1 = only(a.filter(a.pod("app-1-exec-1"), NODES));
    bindings.allow(NS, "app-1-exec-1");
    a.bind(a.pod("app-1-exec-1"), e1);
    a.awaitBoundInView("app-1-exec-1", e1);
    a.awaitBoundInView("app-1-driver", driverNode);
    crash(a); // the bindings reached the API; whether kube-scheduler heard back is unknown

    Harness b = replica("replica-b");
    Reservation recovered = reservation(b, gang("app-1")).orElseThrow();
    assertThat(recovered.driverBound()).isTrue();
    assertThat(recovered.slots())
        .filteredOn(s -> s.pod().equals(Optional.of("app-1-exec-1")))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.state()).isEqualTo(SlotState.BOUND);
              assertThat(s.node()).isEqualTo(e1);
            });

    // kube-scheduler binds again through the new leader: same node is fine, another is refused
    assertThat(b.bind(b.pod("app-1-exec-1"), e1).get("Error").asText()).isEmpty();
    String other = NODES.stream().filter(n -> !n.equals(e1)).findFirst().orElseThrow();
    assertThat(b.bind(b.pod("app-1-exec-1"), other).get("Error").asText())
        .contains("already bound");
    List<String> remaining = new ArrayList<>(recovered.slots().stream().map(Slot::node).toList());
    remaining.remove(e1);
    List<String> steered = new ArrayList<>();
    for (int i = 2; i <= 3; i++) {
      b.create(executor("app-1", i));
      steered.add(only(b.filter(b.pod("app-1-exec-" + i), NODES)));
    }
    assertThat(steered.stream().sorted().toList()).isEqualTo(remaining.stream().sorted().toList());
    assertThat(
            reservation(b, gang("app-1")).orElseThrow().slots().stream()
                .filter(s -> s.pod().equals(Optional.of("app-1-exec-1"))))
        .hasSize(1);
    assertThat(overcommitted(b)).isEmpty();
  }

  private static PersistedReservation reservationOf(KubernetesClient c, String pod) {
    String raw =
        c.pods()
            .inNamespace(NS)
            .withName(pod)
            .get()
            .getMetadata()
            .getAnnotations()
            .get(MusterAnnotations.RESERVATION);
    return switch (new ReservationCodec().decode(raw)) {
      case DecodeResult.Decoded d -> d.value();
      case DecodeResult.Invalid i -> throw new AssertionError(i);
    };
  }
}
