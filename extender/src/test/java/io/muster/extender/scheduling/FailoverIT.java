package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.AdmissionQueueIT.driver;
import static io.muster.extender.scheduling.AdmissionQueueIT.gang;
import static io.muster.extender.scheduling.Harness.NS;
import static io.muster.extender.scheduling.LedgerChecks.awaitHeld;
import static io.muster.extender.scheduling.LedgerChecks.layout;
import static io.muster.extender.scheduling.LedgerChecks.overcommitted;
import static io.muster.extender.scheduling.LedgerChecks.reservation;
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
import io.muster.placement.model.Slot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas (as deployed: only the leading kube-scheduler calls its Muster) on one API: the
 * standby follows the leader's reservations, takes over without booking anything twice, and a stale
 * leader's write is refused.
 */
@EnableKubernetesMockClient(crud = true)
class FailoverIT {
  /** 4 × 4 CPU: two gangs of a 2-CPU driver and 3 executors of 2 CPU fill it exactly. */
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
    return replicas.start(Harness.Options.defaults().writer(writer));
  }

  @Test
  void aStandbyFollowsTheLeaderAndAStaleLeadersWriteIsRefused() {
    Harness a = replica("replica-a");
    Harness b = replica("replica-b");
    a.create(driver("app-1", 3));
    only(a.filter(a.pod("app-1-driver"), NODES));
    assertThat(a.coordinator.serving()).isTrue();

    // B was never called: it follows A's write into its ledger, and writes nothing itself
    awaitHeld(b, gang("app-1"));
    assertThat(layout(b)).isEqualTo(layout(a));
    assertThat(b.coordinator.serving()).isFalse();
    assertThat(b.reservationOn("app-1-driver").orElseThrow().writer()).isEqualTo("replica-a");

    // A's view freezes (its watch is gone) while its kube-scheduler still believes it leads; the
    // lease went to B's kube-scheduler, which asks B about a second application
    a.cache.close();
    Pod asCreated = b.create(driver("app-2", 3));
    JsonNode admitted = b.filter(b.pod("app-2-driver"), NODES);

    assertThat(admitted.get("NodeNames")).hasSize(1);
    assertThat(b.coordinator.serving()).isTrue();
    assertThat(layout(b)).containsKeys(gang("app-1"), gang("app-2"));
    assertThat(layout(b).get(gang("app-1"))).isEqualTo(layout(a).get(gang("app-1")));
    assertThat(overcommitted(b)).isEmpty();
    PersistedReservation written = b.reservationOn("app-2-driver").orElseThrow();
    assertThat(written.writer()).isEqualTo("replica-b");

    // A, stale, is asked about app-2 with the pod as it was before B's write
    JsonNode stale = a.filter(asCreated, NODES);

    assertThat(stale.get("NodeNames")).isEmpty();
    assertThat(stale.get("FailedNodes").get("n1").asText()).contains("was not persisted");
    assertThat(b.reservationOn("app-2-driver").orElseThrow()).isEqualTo(written);
    assertThat(reservation(a, gang("app-2"))).isEmpty();
    assertThat(a.coordinator.serving()).isFalse();
  }

  @Test
  void theNewLeaderContinuesMidWorkloadWithEveryReservationIntact() {
    Harness a = replica("replica-a");
    Harness b = replica("replica-b");
    // app-1: driver bound, exec-1 bound, exec-2 told where to go but not bound yet
    a.create(driver("app-1", 3));
    String d1 = only(a.filter(a.pod("app-1-driver"), NODES));
    bind(a, "app-1-driver", d1);
    a.create(executor("app-1", 1));
    String e1 = only(a.filter(a.pod("app-1-exec-1"), NODES));
    bind(a, "app-1-exec-1", e1);
    a.create(executor("app-1", 2));
    only(a.filter(a.pod("app-1-exec-2"), NODES));
    // app-2: admitted, its driver not bound yet
    a.create(driver("app-2", 3));
    String d2 = only(a.filter(a.pod("app-2-driver"), NODES));
    Map<GangId, String> before = layout(a);
    List<String> app1Slots =
        reservation(a, gang("app-1")).orElseThrow().slots().stream()
            .map(Slot::node)
            .sorted()
            .toList();
    Await.until("B follows both gangs", () -> layout(b).equals(before), Harness.BOUND);
    assertThat(b.coordinator.serving()).isFalse();

    replicas.crash(a); // the leader dies mid-workload; B's kube-scheduler takes the lease

    // app-2's driver gets the node A reserved, and B writes nothing for it
    assertThat(only(b.filter(b.pod("app-2-driver"), NODES))).isEqualTo(d2);
    assertThat(b.coordinator.serving()).isTrue();
    assertThat(b.reservationOn("app-2-driver").orElseThrow().writer()).isEqualTo("replica-a");
    // app-1's pending and later executors go exactly into its remaining slots
    List<String> steered = new ArrayList<>(List.of(e1));
    steered.add(only(b.filter(b.pod("app-1-exec-2"), NODES)));
    b.create(executor("app-1", 3));
    steered.add(only(b.filter(b.pod("app-1-exec-3"), NODES)));
    assertThat(steered.stream().sorted().toList()).isEqualTo(app1Slots);
    // every CPU is held or used: a third application waits, and nothing is planned twice
    b.create(driver("app-3", 1));
    assertThat(b.filter(b.pod("app-3-driver"), NODES).get("NodeNames")).isEmpty();
    assertThat(b.annotation("app-3-driver", MusterAnnotations.RESERVATION)).isEmpty();
    assertThat(overcommitted(b)).isEmpty();
    assertThat(layout(b)).isEqualTo(before);

    // what the new leader plans against is what a freshly started replica recovers
    Harness c = replica("replica-c");
    assertThat(layout(c)).isEqualTo(layout(b));
  }

  @Test
  void aDeposedLeaderThatSeesTheNewLeaderStandsByAndWritesNothingOnItsOwn() {
    Harness a = replica("replica-a");
    Harness b = replica("replica-b");
    a.create(driver("app-1", 3));
    only(a.filter(a.pod("app-1-driver"), NODES));
    awaitHeld(b, gang("app-1"));

    // the lease moves to B's kube-scheduler while A keeps running with a working watch
    b.create(driver("app-2", 3));
    only(b.filter(b.pod("app-2-driver"), NODES));
    awaitHeld(a, gang("app-2"));
    assertThat(a.coordinator.serving()).isFalse();
    assertThat(layout(a)).isEqualTo(layout(b));
    long nudgesBefore = a.nudger.stats().requested();

    // A's clock passes the drivers' bind deadline: its ledger lets both reservations go, but
    // removing them from the pods (and telling anyone) is the leader's to do
    a.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    Await.until(
        "A's sweep expired both",
        () -> a.coordinator.onLoop(() -> a.ledger.active().isEmpty()),
        Harness.BOUND);

    assertThat(a.nudger.stats().requested()).isEqualTo(nudgesBefore);
    assertThat(a.events("app-1-driver", "ReservationExpired")).isEmpty();
    assertThat(b.reservationOn("app-1-driver")).isPresent();
    assertThat(b.reservationOn("app-2-driver")).isPresent();
    assertThat(layout(b)).containsKeys(gang("app-1"), gang("app-2"));
  }

  @Test
  void aTakeOverRebuildsFromTheClusterWhatTheStandbyMissed() {
    Harness a = replica("replica-a");
    Harness b = replica("replica-b");
    a.create(driver("app-1", 3));
    only(a.filter(a.pod("app-1-driver"), NODES));
    awaitHeld(b, gang("app-1"));
    Map<GangId, String> before = layout(a);
    // stands for a watch event B's follower never saw
    b.coordinator.onLoop(() -> b.ledger.release(gang("app-1")));
    assertThat(layout(b)).isEmpty();

    replicas.crash(a);
    // app-2 (a 2-CPU driver and 5 executors) fits only in the room app-1 holds
    b.create(driver("app-2", 5));
    JsonNode first = b.filter(b.pod("app-2-driver"), NODES);

    assertThat(first.get("NodeNames")).isEmpty();
    assertThat(layout(b)).isEqualTo(before);
    assertThat(b.annotation("app-2-driver", MusterAnnotations.RESERVATION)).isEmpty();
    assertThat(overcommitted(b)).isEmpty();
  }

  private void bind(Harness h, String pod, String node) {
    bindings.allow(NS, pod);
    h.bind(h.pod(pod), node);
    h.awaitBoundInView(pod, node);
  }

  static Pod executor(String app, int id) {
    return TestPods.pod(NS, app + "-exec-" + id)
        .app(app)
        .executor()
        .label("spark-exec-id", String.valueOf(id))
        .requests("2", "2Gi")
        .build();
  }

  static String only(JsonNode verdict) {
    assertThat(verdict.get("NodeNames")).as(verdict.toString()).hasSize(1);
    return verdict.get("NodeNames").get(0).asText();
  }
}
