package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.Harness.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.TestPods;
import io.muster.extender.persist.PersistedReservation;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admission through the one ledger: gangs that cannot both fit wait in order and are nudged when
 * room frees; a reservation that cannot be written admits nothing; retries while a write is in
 * flight get the same answer; an unbound reservation expires and its annotation goes.
 */
@EnableKubernetesMockClient(crud = true)
class AdmissionQueueIT {
  /** 5 nodes × 4 CPU: a gang of a 2-CPU driver and 5 executors of 2 CPU needs 60% of them. */
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");

  KubernetesClient client;
  KubernetesMockServer server;

  private Harness muster;

  @BeforeEach
  void start() {
    NODES.forEach(n -> client.nodes().resource(TestPods.node(n, "4", "16Gi")).create());
    muster = Harness.start(client);
  }

  @AfterEach
  void stop() {
    muster.close();
  }

  @Test
  void twoGangsThatCannotBothFitWaitInTurnAndTheSecondIsNudgedWhenTheFirstGoes() {
    Pod a = muster.create(driver("app-a", 5));
    Pod b = muster.create(driver("app-b", 5));

    JsonNode first = muster.filter(muster.pod("app-a-driver"), NODES);
    JsonNode second = muster.filter(muster.pod("app-b-driver"), NODES);

    assertThat(first.get("NodeNames")).hasSize(1);
    assertThat(muster.reservationOn("app-a-driver")).isPresent();
    assertThat(second.get("NodeNames")).isEmpty();
    assertThat(second.get("FailedAndUnresolvableNodes")).isEmpty();
    assertThat(GangCoordinatorIT.failedNodes(second)).containsExactlyInAnyOrderElementsOf(NODES);
    assertThat(second.get("FailedNodes").get("n1").asText()).contains("CPU");
    assertThat(muster.annotation("app-b-driver", MusterAnnotations.RESERVATION)).isEmpty();
    JsonNode queue = Harness.json(muster.get("/debug/gangs")).get("waitingQueue");
    assertThat(queue).hasSize(1);
    assertThat(queue.get(0).get("gang").asText()).isEqualTo(NS + "/app-b");
    assertThat(queue.get(0).get("reason").asText())
        .isIn("insufficient-capacity", "earlier-gang-first");
    Await.until("GangWaiting event", () -> !muster.events("app-b-driver", "GangWaiting").isEmpty());
    assertThat(muster.annotation("app-b-driver", MusterAnnotations.NUDGE)).isEmpty();

    client.pods().inNamespace(NS).withName("app-a-driver").delete();

    Await.until(
        "the waiting driver is nudged",
        () -> muster.annotation("app-b-driver", MusterAnnotations.NUDGE).isPresent());
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.reservation(gang("app-a")))).isEmpty();
    JsonNode retried = muster.filter(muster.pod("app-b-driver"), NODES);
    assertThat(retried.get("NodeNames")).hasSize(1);
    assertThat(muster.reservationOn("app-b-driver")).isPresent();
    assertThat(a.getMetadata().getUid()).isNotEqualTo(b.getMetadata().getUid());
  }

  @Test
  void whenTheHeadOfAStrictFifoQueueGivesUpTheGangBehindItIsNudged() {
    muster.create(driver("app-a", 5));
    muster.create(driver("app-b", 5));
    muster.create(driver("app-c", 1));
    assertThat(muster.filter(muster.pod("app-a-driver"), NODES).get("NodeNames")).hasSize(1);
    assertThat(muster.filter(muster.pod("app-b-driver"), NODES).get("NodeNames")).isEmpty();

    // app-c would fit in what app-a leaves, but app-b waits ahead of it
    JsonNode c = muster.filter(muster.pod("app-c-driver"), NODES);
    assertThat(c.get("NodeNames")).isEmpty();
    assertThat(c.get("FailedNodes").get("n1").asText()).contains(NS + "/app-b");
    assertThat(muster.annotation("app-c-driver", MusterAnnotations.NUDGE)).isEmpty();

    // app-b's driver is deleted while it waits: nothing it held is freed, but the queue moved
    client.pods().inNamespace(NS).withName("app-b-driver").delete();

    Await.until(
        "the gang behind it is nudged",
        () -> muster.annotation("app-c-driver", MusterAnnotations.NUDGE).isPresent());
    assertThat(muster.filter(muster.pod("app-c-driver"), NODES).get("NodeNames")).hasSize(1);
  }

  @Test
  void aReservationThatCannotBeWrittenAdmitsNothingAndTheRetryIsAdmitted() {
    muster.create(driver("app-a", 5));
    server
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/spark/pods/app-a-driver")
        // not a 5xx: the API client retries those itself
        .andReturn(
            403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"admission webhook denied\"}")
        .once();

    JsonNode refused = muster.filter(muster.pod("app-a-driver"), NODES);

    assertThat(refused.get("NodeNames")).isEmpty();
    assertThat(refused.get("FailedNodes").get("n1").asText()).contains("was not persisted");
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.reservation(gang("app-a")))).isEmpty();
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.held())).isEmpty();
    Await.until(
        "ReservationConflict event",
        () -> !muster.events("app-a-driver", "ReservationConflict").isEmpty());
    Await.until(
        "the driver is nudged to retry",
        () -> muster.annotation("app-a-driver", MusterAnnotations.NUDGE).isPresent());

    JsonNode admitted = muster.filter(muster.pod("app-a-driver"), NODES);
    assertThat(admitted.get("NodeNames")).hasSize(1);
    assertThat(muster.reservationOn("app-a-driver").orElseThrow().reservation().driverNode())
        .contains(admitted.get("NodeNames").get(0).asText());
  }

  @Test
  void aWriteThatFailedButLandedDoesNotBlockTheRetry() {
    muster.create(driver("app-a", 5));
    server
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/spark/pods/app-a-driver")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"denied\"}")
        .once();
    assertThat(muster.filter(muster.pod("app-a-driver"), NODES).get("NodeNames")).isEmpty();
    // ...as if it had timed out after reaching etcd: our own first revision is on the pod
    PersistedReservation landed =
        new PersistedReservation(someReservation("app-a"), "default", muster.writerId, 1);
    // A merge patch, not a read-modify-write: Muster may be nudging the refused driver meanwhile.
    String annotations =
        Serialization.asJson(
            Map.of(
                "metadata",
                Map.of(
                    "annotations",
                    Map.of(MusterAnnotations.RESERVATION, muster.codec.encode(landed)))));
    client
        .pods()
        .inNamespace(NS)
        .withName("app-a-driver")
        .patch(PatchContext.of(PatchType.JSON_MERGE), annotations);

    JsonNode retried = muster.filter(muster.pod("app-a-driver"), NODES);

    assertThat(retried.get("NodeNames")).hasSize(1);
    PersistedReservation now = muster.reservationOn("app-a-driver").orElseThrow();
    assertThat(now.revision()).isGreaterThan(1);
    assertThat(now.reservation().driverNode()).contains(retried.get("NodeNames").get(0).asText());
  }

  @Test
  void retriesWhileTheReservationIsWrittenGetTheSameSingleNode() {
    muster.create(driver("app-a", 5));
    Pod pod = muster.pod("app-a-driver");

    List<CompletableFuture<JsonNode>> answers =
        List.of(
            CompletableFuture.supplyAsync(() -> muster.filter(pod, NODES)),
            CompletableFuture.supplyAsync(() -> muster.filter(pod, NODES)),
            CompletableFuture.supplyAsync(() -> muster.filter(pod, NODES)));

    PersistedReservation persisted;
    String node = answers.get(0).join().get("NodeNames").get(0).asText();
    for (CompletableFuture<JsonNode> a : answers) {
      assertThat(a.join().get("NodeNames")).hasSize(1);
      assertThat(a.join().get("NodeNames").get(0).asText()).isEqualTo(node);
    }
    persisted = muster.reservationOn("app-a-driver").orElseThrow();
    assertThat(persisted.reservation().driverNode()).contains(node);
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.active())).hasSize(1);
  }

  @Test
  void aDriverWhoseReservedNodeIsNoLongerOfferedMovesItsHoldWrittenOverTheOldOne() {
    muster.create(driver("app-a", 5));
    String first =
        muster.filter(muster.pod("app-a-driver"), NODES).get("NodeNames").get(0).asText();
    PersistedReservation before = muster.reservationOn("app-a-driver").orElseThrow();
    List<String> withoutIt = NODES.stream().filter(n -> !n.equals(first)).toList();

    JsonNode moved = muster.filter(muster.pod("app-a-driver"), withoutIt);

    assertThat(moved.get("NodeNames")).hasSize(1);
    String second = moved.get("NodeNames").get(0).asText();
    assertThat(second).isNotEqualTo(first);
    PersistedReservation after = muster.reservationOn("app-a-driver").orElseThrow();
    assertThat(after.revision()).isEqualTo(before.revision() + 1);
    assertThat(after.reservation().driverNode()).contains(second);
    assertThat(after.reservation().slots()).isEqualTo(before.reservation().slots());
    Reservation held =
        muster.coordinator.onLoop(() -> muster.ledger.reservation(gang("app-a"))).orElseThrow();
    assertThat(held.driverNode()).contains(second);
    // and the next retry is answered from the moved reservation, without another write
    assertThat(muster.filter(muster.pod("app-a-driver"), NODES).get("NodeNames").get(0).asText())
        .isEqualTo(second);
    assertThat(muster.reservationOn("app-a-driver").orElseThrow()).isEqualTo(after);
  }

  @Test
  void aDriverThatIsGoneWhenItsReservationIsWrittenLeavesNothingBehind() {
    Pod stale = muster.create(driver("app-a", 5));
    client.pods().inNamespace(NS).withName("app-a-driver").delete();
    Await.until("view drops the driver", () -> muster.cache.pod(NS, "app-a-driver").isEmpty());

    // kube-scheduler still had it queued
    JsonNode verdict = muster.filter(stale, NODES);

    assertThat(verdict.get("NodeNames")).isEmpty();
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.gangs())).isEmpty();
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.held())).isEmpty();
    assertThat(
            muster.coordinator.onLoop(
                () ->
                    muster.coordinator.book().waitingDrivers().isEmpty()
                        && muster.coordinator.book().admitted(gang("app-a")).isEmpty()))
        .isTrue();
    assertThat(muster.nudger.stats().requested()).isZero();
  }

  @Test
  void anUnboundReservationExpiresAndItsAnnotationIsRemoved() {
    muster.create(driver("app-a", 5));
    String node = muster.filter(muster.pod("app-a-driver"), NODES).get("NodeNames").get(0).asText();
    assertThat(muster.reservationOn("app-a-driver")).isPresent();

    muster.clock.advance(Duration.ofMinutes(5).plusSeconds(1)); // the default driverBindTimeout

    Await.until(
        "the annotation is removed",
        () -> muster.annotation("app-a-driver", MusterAnnotations.RESERVATION).isEmpty());
    assertThat(muster.coordinator.onLoop(() -> muster.ledger.gangs())).isEmpty();
    Await.until(
        "ReservationExpired event",
        () -> !muster.events("app-a-driver", "ReservationExpired").isEmpty());
    Await.until(
        "the driver is nudged",
        () -> muster.annotation("app-a-driver", MusterAnnotations.NUDGE).isPresent());
    // its retry is admitted afresh
    JsonNode again = muster.filter(muster.pod("app-a-driver"), NODES);
    assertThat(again.get("NodeNames")).hasSize(1);
    assertThat(muster.reservationOn("app-a-driver")).isPresent();
    assertThat(node).isIn(NODES);
  }

  static GangId gang(String app) {
    return new GangId(NS, app);
  }

  /** A driver of 2 CPU with {@code executors} executors of 2 CPU / 2 Gi, by annotations. */
  static Pod driver(String app, int executors) {
    return TestPods.pod(NS, app + "-driver")
        .app(app)
        .driver()
        .requests("2", "2Gi")
        .annotation("muster.io/executor-count", String.valueOf(executors))
        .annotation("muster.io/executor-cpu", "2")
        .annotation("muster.io/executor-memory", "2Gi")
        .build();
  }

  private static Reservation someReservation(String app) {
    GangSpec spec =
        new GangSpec(
            gang(app),
            Instant.parse("2026-01-01T00:00:00Z"),
            0,
            Optional.of(Resources.pod(2000, 2L << 30)),
            Resources.pod(2000, 2L << 30),
            5,
            5,
            PodConstraints.NONE);
    return new Reservation(
        spec,
        Optional.of("n1"),
        false,
        List.of(
            Slot.open(0, "n1"),
            Slot.open(1, "n2"),
            Slot.open(2, "n2"),
            Slot.open(3, "n3"),
            Slot.open(4, "n3")),
        Instant.parse("2026-01-01T00:00:00Z"));
  }
}
