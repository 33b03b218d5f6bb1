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

import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.TestPods;
import io.muster.extender.persist.PersistedReservation;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster changes under a reserved gang: a node holding slots is deleted or cordoned, the
 * driver is deleted mid-gang; and kube-scheduler repeats itself (the same pod filtered again, the
 * same binding sent twice).
 */
@EnableKubernetesMockClient(crud = true)
class ClusterChangesIT {
  /** 4 × 4 CPU; app-1 is a 2-CPU driver and 3 executors of 2 CPU (tightly packed: 2 nodes). */
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

  KubernetesClient client;
  KubernetesMockServer server;

  private ApiBindings bindings;
  private Harness muster;

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
  void theSlotsOfADeletedNodeMoveToOfferedNodesAndNoExecutorIsSentThere() {
    String driverNode = admitAndBindDriver();
    String gone = slotNodeOtherThan(driverNode);
    client.nodes().withName(gone).delete();
    Await.until("the view lost " + gone, () -> !muster.cache.snapshot().nodes().containsKey(gone));
    List<String> offered = NODES.stream().filter(n -> !n.equals(gone)).toList();

    for (int i = 1; i <= 3; i++) {
      muster.create(executor("app-1", i));
      String node = only(muster.filter(muster.pod("app-1-exec-" + i), offered));
      assertThat(node).isIn(offered);
    }

    Reservation r = reservation(muster, gang("app-1")).orElseThrow();
    assertThat(r.slots()).extracting(Slot::node).doesNotContain(gone).hasSize(3);
    assertThat(r.slots()).allMatch(s -> s.state() == SlotState.CLAIMED);
    assertThat(overcommitted(muster)).isEmpty();
    // the moved slots are written (best-effort, after the answers)
    Await.until(
        "the annotation no longer names " + gone,
        () ->
            muster.reservationOn("app-1-driver").orElseThrow().reservation().slots().stream()
                .noneMatch(s -> s.node().equals(gone)));
  }

  @Test
  void aCordonedNodeGetsNoNewGangAndItsSlotsMoveWhenItIsNoLongerOffered() {
    String driverNode = admitAndBindDriver();
    String cordoned = slotNodeOtherThan(driverNode);
    client
        .nodes()
        .withName(cordoned)
        .edit(
            n -> {
              n.setSpec(new NodeSpec());
              n.getSpec().setUnschedulable(true);
              return n;
            });
    Await.until(
        "the view shows the cordon",
        () -> muster.cache.snapshot().nodes().get(cordoned).unschedulable());

    // even offered the cordoned node (a stale kube-scheduler cache), a new gang is not planned
    // there
    muster.create(driver("app-2", 1));
    only(muster.filter(muster.pod("app-2-driver"), NODES));
    Reservation app2 = reservation(muster, gang("app-2")).orElseThrow();
    assertThat(app2.driverNode()).isNotEqualTo(Optional.of(cordoned));
    assertThat(app2.slots()).extracting(Slot::node).doesNotContain(cordoned);
    // app-1's executors, offered what kube-scheduler offers (not the cordoned node), move off it
    List<String> offered = NODES.stream().filter(n -> !n.equals(cordoned)).toList();
    for (int i = 1; i <= 3; i++) {
      muster.create(executor("app-1", i));
      assertThat(only(muster.filter(muster.pod("app-1-exec-" + i), offered))).isIn(offered);
    }
    assertThat(reservation(muster, gang("app-1")).orElseThrow().slots())
        .extracting(Slot::node)
        .doesNotContain(cordoned);
    assertThat(overcommitted(muster)).isEmpty();
  }

  @Test
  void aDriverDeletedMidGangReleasesItsRoomForTheNextGang() {
    String driverNode = admitAndBindDriver();
    muster.create(executor("app-1", 1));
    String e1 = only(muster.filter(muster.pod("app-1-exec-1"), NODES));
    bind("app-1-exec-1", e1);
    // app-2 (a 2-CPU driver and 5 executors) fits only once app-1's room is free
    muster.create(driver("app-2", 5));
    assertThat(muster.filter(muster.pod("app-2-driver"), NODES).get("NodeNames")).isEmpty();

    client.pods().inNamespace(NS).withName("app-1-driver").delete();

    Await.until(
        "app-1 is released", () -> reservation(muster, gang("app-1")).isEmpty(), Harness.BOUND);
    Await.until(
        "app-2's driver is nudged",
        () -> muster.annotation("app-2-driver", MusterAnnotations.NUDGE).isPresent());
    only(muster.filter(muster.pod("app-2-driver"), NODES));
    assertThat(layout(muster)).containsOnlyKeys(gang("app-2"));
    assertThat(overcommitted(muster)).isEmpty();
    assertThat(driverNode).isIn(NODES);
  }

  @Test
  void kubeSchedulerRetryingTheSamePodGetsTheSameAnswerAndNoSecondClaim() {
    String driverNode = admitAndBindDriver();
    assertThat(only(muster.filter(muster.pod("app-1-driver"), NODES))).isEqualTo(driverNode);
    assertThat(muster.reservationOn("app-1-driver").orElseThrow().revision()).isEqualTo(1);
    muster.create(executor("app-1", 1));

    String first = only(muster.filter(muster.pod("app-1-exec-1"), NODES));
    String again = only(muster.filter(muster.pod("app-1-exec-1"), NODES));

    assertThat(again).isEqualTo(first);
    Reservation r = reservation(muster, gang("app-1")).orElseThrow();
    assertThat(r.slots()).filteredOn(s -> s.pod().isPresent()).hasSize(1);
    assertThat(r.slots()).filteredOn(s -> s.state() == SlotState.OPEN).hasSize(2);
  }

  @Test
  void aDuplicateBindCallIsIdempotent() {
    admitAndBindDriver();
    muster.create(executor("app-1", 1));
    String node = only(muster.filter(muster.pod("app-1-exec-1"), NODES));
    bindings.allow(NS, "app-1-exec-1");

    assertThat(muster.bind(muster.pod("app-1-exec-1"), node).get("Error").asText()).isEmpty();
    // (the API server applies a binding before its 201; the mock applies it a moment after)
    muster.awaitBoundInView("app-1-exec-1", node);
    // kube-scheduler did not hear back (timeout) and binds again
    assertThat(muster.bind(muster.pod("app-1-exec-1"), node).get("Error").asText()).isEmpty();
    Await.until(
        "exec-1's slot is bound",
        () ->
            reservation(muster, gang("app-1")).orElseThrow().slots().stream()
                .anyMatch(s -> s.state() == SlotState.BOUND));

    assertThat(bindings.received).filteredOn(b -> b.pod().equals("app-1-exec-1")).hasSize(2);
    Reservation r = reservation(muster, gang("app-1")).orElseThrow();
    assertThat(r.slots()).filteredOn(s -> s.pod().equals(Optional.of("app-1-exec-1"))).hasSize(1);
    assertThat(r.slots()).filteredOn(s -> s.state() == SlotState.OPEN).hasSize(2);
  }

  @Test
  void anExpiredReservationWhoseRemovalWasRefusedDoesNotBlockItsGangLater() throws Exception {
    muster.create(driver("app-1", 3));
    only(muster.filter(muster.pod("app-1-driver"), NODES));
    PersistedReservation first = muster.reservationOn("app-1-driver").orElseThrow();
    String path = "/api/v1/namespaces/" + NS + "/pods/app-1-driver";
    // the API refuses the next two patches of the driver: the removal after expiry, and the nudge
    server
        .expect()
        .patch()
        .withPath(path)
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"denied\"}")
        .times(2);
    while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // forget what the API received so far
    }

    muster.clock.advance(Duration.ofMinutes(5).plusSeconds(1)); // the default driverBindTimeout
    int patches = 0;
    long deadline = System.nanoTime() + Harness.BOUND.toNanos();
    while (patches < 2 && System.nanoTime() < deadline) {
      RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
      if (r != null && r.getMethod().equals("PATCH") && r.getPath().equals(path)) {
        patches++;
      }
    }
    assertThat(patches).as("refused patches of the driver").isEqualTo(2);
    assertThat(reservation(muster, gang("app-1"))).isEmpty();
    assertThat(muster.reservationOn("app-1-driver")).contains(first);

    // the driver asks again: admitted afresh, written over the stale version it expects there
    String node = only(muster.filter(muster.pod("app-1-driver"), NODES));
    PersistedReservation again = muster.reservationOn("app-1-driver").orElseThrow();
    assertThat(again.revision()).isGreaterThan(first.revision());
    assertThat(again.reservation().driverNode()).contains(node);
  }

  /** Admits app-1 and binds its driver; returns the driver's node. */
  private String admitAndBindDriver() {
    muster.create(driver("app-1", 3));
    String node = only(muster.filter(muster.pod("app-1-driver"), NODES));
    bind("app-1-driver", node);
    return node;
  }

  private void bind(String pod, String node) {
    bindings.allow(NS, pod);
    muster.bind(muster.pod(pod), node);
    muster.awaitBoundInView(pod, node);
  }

  private String slotNodeOtherThan(String driverNode) {
    return reservation(muster, gang("app-1")).orElseThrow().slots().stream()
        .map(Slot::node)
        .filter(n -> !n.equals(driverNode))
        .findFirst()
        .orElseThrow(() -> new AssertionError("every slot is on the driver's node"));
  }
}
