package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.muster.extender.cluster.ClusterCache;
import io.muster.extender.cluster.ClusterCacheConfig;
import io.muster.extender.cluster.ClusterWriter;
import io.muster.extender.cluster.MutableClock;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.cluster.TestPods;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Persist through the API, start a fresh cluster view (a restarted replica), recover. */
@EnableKubernetesMockClient(crud = true)
class ReservationRecoveryIT {
  KubernetesClient client;

  private final ReservationCodec codec = new ReservationCodec();

  private ClusterCache freshView() throws Exception {
    ClusterCache cache =
        new ClusterCache(
            client,
            ClusterCacheConfig.defaults("muster"),
            TestPods::requests,
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    cache.start().get(20, TimeUnit.SECONDS);
    return cache;
  }

  @Test
  void aRestartedReplicaRecoversWhatWasPersisted() throws Exception {
    client.nodes().resource(TestPods.node("n1", "8", "32Gi")).create();
    client.nodes().resource(TestPods.node("n2", "8", "32Gi")).create();
    client
        .pods()
        .inNamespace("spark")
        .resource(TestPods.pod("spark", "app-driver").app("spark-1").driver().build())
        .create();
    client
        .pods()
        .inNamespace("spark")
        .resource(TestPods.pod("spark", "other-driver").app("spark-2").driver().build())
        .create();
    ReservationStore store =
        new ReservationStore(
            new ClusterWriter(client, Duration.ofSeconds(5)), codec, Duration.ofSeconds(5));
    PersistedReservation one =
        TestReservations.reservation("spark", "spark-1", "n1", "A", 1, "n1", "n2");
    PersistedReservation two = TestReservations.reservation("spark", "spark-2", "n2", "A", 1, "n2");
    for (var p : new Object[][] {{"app-driver", one}, {"other-driver", two}}) {
      PersistResult r =
          store
              .persist(
                  new PersistRequest(
                      new PodRef("spark", (String) p[0]),
                      Optional.empty(),
                      Optional.empty(),
                      (PersistedReservation) p[1]))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(r).isInstanceOf(PersistResult.Written.class);
    }
    // The "crash": after persisting, the driver and one executor got bound.
    client
        .pods()
        .inNamespace("spark")
        .withName("app-driver")
        .edit(
            p -> {
              p.getSpec().setNodeName("n1");
              return p;
            });
    client
        .pods()
        .inNamespace("spark")
        .resource(TestPods.pod("spark", "app-exec-1").app("spark-1").executor().node("n2").build())
        .create();
    // The other application finished while we were down.
    client
        .pods()
        .inNamespace("spark")
        .withName("other-driver")
        .editStatus(
            p -> {
              p.getStatus().setPhase("Failed");
              return p;
            });

    try (ClusterCache view = freshView()) {
      RecoveryReport report = new ReservationRecovery(codec).recover(view);

      assertThat(report.gangs()).hasSize(1);
      RecoveredGang g = report.gangs().get(0);
      assertThat(g.persisted()).isEqualTo(one);
      assertThat(g.anchor()).isEqualTo(new PodRef("spark", "app-driver"));
      assertThat(g.restored().driverBound()).isTrue();
      assertThat(g.restored().slots())
          .containsExactly(
              Slot.open(0, "n1"), new Slot(1, "n2", SlotState.BOUND, Optional.of("app-exec-1")));
      assertThat(g.findings()).isEmpty();
      assertThat(report.skipped())
          .singleElement()
          .isInstanceOf(SkippedReservation.DriverGone.class);
    }
  }
}
