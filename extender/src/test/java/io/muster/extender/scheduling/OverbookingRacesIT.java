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
import io.muster.placement.model.GangId;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two races found by the soak (SoakE2E, 10-minute run: bound pods plus held room over a node's
 * allocatable in a few checks). Both let the ledger plan a gang into room that was about to be
 * taken, so a node ended up planned past its allocatable (DESIGN.md's first invariant); kube-
 * scheduler still never over-commits a node, so the cost was a gang whose executors then waited for
 * room. Each test reproduces its race deterministically: the first is closed by the view holding a
 * departed executor's room until the decision loop applies the departure ({@code
 * ClusterIndex#holdDepartures}), the second by the ledger assuming an extra executor's room from
 * its filter answer until it is seen bound ({@code GangLedger#steerAndClaim}).
 */
@EnableKubernetesMockClient(crud = true)
class OverbookingRacesIT {
  private static final List<String> NODES = List.of("n1", "n2");

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

  /**
   * The cluster view applies an executor's deletion on the informer thread at once, the ledger only
   * when the decision loop reaches the event. A driver decision queued before the deletion runs
   * against a view without the executor while its slot is still BOUND (holding nothing): the room
   * looks free, the gang is planned into it, then the slot reopens and holds the same room. {@code
   * GangLedger}'s contract ("call releaseExecutor in the same serialized step that makes later
   * snapshots show the change") was not met. Made deterministic by holding the loop while the
   * deletion reaches the view.
   */
  @Test
  void aGangIsNotPlannedIntoRoomWhoseExecutorsDeletionTheLedgerHasNotApplied() throws Exception {
    // A: 2-CPU driver + one 2-CPU executor, tightly packed on one 4-CPU node, both bound.
    bindAll(AdmissionQueueIT.driver("app-a", 1), executor("app-a", 1));
    // B needs 6 CPU; 4 are free: it waits.
    Pod b = muster.create(AdmissionQueueIT.driver("app-b", 2));
    assertThat(muster.filter(muster.pod("app-b-driver"), NODES).get("NodeNames")).isEmpty();

    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture.runAsync(
        () ->
            muster.coordinator.onLoop(
                () -> {
                  held.countDown();
                  try {
                    return release.await(4, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                  }
                }));
    assertThat(held.await(5, TimeUnit.SECONDS)).as("the loop is held").isTrue();
    // kube-scheduler asks for B's driver; its decision is queued behind the held loop...
    var decision = muster.coordinator.filter(b, NODES).toCompletableFuture();
    // ...while A's executor is deleted: the view shows it gone, the ledger has not applied it.
    client.pods().inNamespace(NS).withName("app-a-exec-1").delete();
    Await.until(
        "the view drops the executor", () -> muster.cache.pod(NS, "app-a-exec-1").isEmpty());
    release.countDown();
    decision.get(10, TimeUnit.SECONDS);
    muster.coordinator.onLoop(() -> null); // the deletion has now been applied too

    assertThat(overbooked())
        .as("nodes whose bound pods plus held room exceed allocatable")
        .isEmpty();
  }

  /**
   * An extra executor of a dynamic-allocation gang passed the filter on free room, but the ledger
   * recorded it only once the view showed it bound. kube-scheduler binds it asynchronously and
   * meanwhile schedules the next pod: a driver whose gang was planned into the same free room.
   */
  @Test
  void aGangIsNotPlannedIntoRoomAnExtraExecutorWasJustGiven() {
    // A: dynamic allocation, min 1 max 3 executors of 2 CPU; driver and executor 1 fill n1.
    Pod a =
        TestPods.pod(NS, "app-a-driver")
            .app("app-a")
            .driver()
            .requests("2", "2Gi")
            .annotation("muster.io/min-executors", "1")
            .annotation("muster.io/max-executors", "3")
            .annotation("muster.io/executor-cpu", "2")
            .annotation("muster.io/executor-memory", "2Gi")
            .build();
    bindAll(a, executor("app-a", 1));
    Pod extra = muster.create(executor("app-a", 2));
    JsonNode passed = muster.filter(extra, NODES);
    assertThat(passed.get("NodeNames")).as("the extra may use n2's free room").hasSize(1);
    String extraNode = passed.get("NodeNames").get(0).asText();

    // Before the extra's binding lands, B (4 CPU) asks: n2 still looks free.
    muster.create(AdmissionQueueIT.driver("app-b", 1));
    muster.filter(muster.pod("app-b-driver"), NODES);
    bindings.allow(NS, "app-a-exec-2");
    muster.bind(muster.pod("app-a-exec-2"), extraNode);
    muster.awaitBoundInView("app-a-exec-2", extraNode);
    muster.coordinator.onLoop(() -> null);

    assertThat(overbooked())
        .as("nodes whose bound pods plus held room exceed allocatable")
        .isEmpty();
  }

  /**
   * A bound executor being deleted (deletion timestamp set, not yet removed) still counts on its
   * node; reopening its slot then (as Muster did) held the same room a second time. The 5-minute
   * soak caught this mid-way through a grace-0 deletion (the API server sets the deletion
   * timestamp, then removes the pod).
   */
  @Test
  void aTerminatingExecutorKeepsItsSlotBoundUntilItIsRemoved() {
    bindAll(AdmissionQueueIT.driver("app-a", 1), executor("app-a", 1));
    // A finalizer keeps the deleted pod in the API, terminating, as a kubelet would until it stops.
    client
        .pods()
        .inNamespace(NS)
        .withName("app-a-exec-1")
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of("muster.io/test"));
              return p;
            });
    client.pods().inNamespace(NS).withName("app-a-exec-1").delete();
    Await.until(
        "the view sees the executor terminating",
        () -> muster.cache.pod(NS, "app-a-exec-1").map(p -> p.gone()).orElse(false));
    muster.coordinator.onLoop(() -> null);
    assertThat(GangCoordinatorIT.slotStates(muster, "app-a")).containsExactly("BOUND");
    assertThat(overbooked()).isEmpty();

    client
        .pods()
        .inNamespace(NS)
        .withName("app-a-exec-1")
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of());
              return p;
            });
    Await.until(
        "the slot reopens once the executor is removed",
        () -> GangCoordinatorIT.slotStates(muster, "app-a").equals(List.of("OPEN")));
    assertThat(overbooked()).isEmpty();
  }

  private List<String> overbooked() {
    return muster.coordinator.onLoop(
        () -> {
          List<String> over = new ArrayList<>();
          for (NodeState n : muster.cache.snapshot().nodes().values()) {
            Resources used = n.requested().plus(muster.ledger.heldOn(n.name()));
            if (!used.fitsIn(n.allocatable())) {
              over.add(n.name() + ": " + used.describe() + " of " + n.allocatable().describe());
            }
          }
          return over;
        });
  }

  private void bindAll(Pod driver, Pod executor) {
    muster.create(driver);
    String node = muster.filter(muster.pod("app-a-driver"), NODES).get("NodeNames").get(0).asText();
    bindings.allow(NS, "app-a-driver");
    muster.bind(muster.pod("app-a-driver"), node);
    muster.awaitBoundInView("app-a-driver", node);
    muster.create(executor);
    String to = muster.filter(muster.pod("app-a-exec-1"), NODES).get("NodeNames").get(0).asText();
    bindings.allow(NS, "app-a-exec-1");
    muster.bind(muster.pod("app-a-exec-1"), to);
    muster.awaitBoundInView("app-a-exec-1", to);
    Await.until(
        "A's slot is BOUND",
        () ->
            GangCoordinatorIT.slotStates(muster, "app-a").equals(List.of("BOUND"))
                && muster.coordinator.onLoop(
                    () -> muster.ledger.reservation(new GangId(NS, "app-a")).isPresent()));
  }

  private static Pod executor(String app, int id) {
    return TestPods.pod(NS, app + "-exec-" + id)
        .app(app)
        .executor()
        .requests("2", "2Gi")
        .label("spark-exec-id", Integer.toString(id))
        .build();
  }
}
