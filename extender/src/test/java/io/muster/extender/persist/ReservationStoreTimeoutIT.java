package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.cluster.ClusterWriter;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.cluster.TestPods;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Expectations mode: a slow API server, answering after the store's bound. */
@EnableKubernetesMockClient
class ReservationStoreTimeoutIT {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void aSlowApiServerGivesTimedOutWithinTheBound() throws Exception {
    server
        .expect()
        .get()
        .delay(1, TimeUnit.SECONDS)
        .withPath("/api/v1/namespaces/spark/pods/d")
        .andReturn(200, TestPods.pod("spark", "d").app("spark-1").driver().build())
        .always();
    ReservationStore store =
        new ReservationStore(
            new ClusterWriter(client, Duration.ofSeconds(10)),
            new ReservationCodec(),
            Duration.ofMillis(300));

    PersistResult r =
        store
            .persist(
                new PersistRequest(
                    new PodRef("spark", "d"),
                    Optional.empty(),
                    Optional.empty(),
                    TestReservations.reservation("spark", "spark-1", "n1", "A", 1, "n2")))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertThat(r).isEqualTo(new PersistResult.TimedOut(Duration.ofMillis(300)));
  }

  @Test
  void anApiErrorIsAFailedValue() throws Exception {
    server
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/spark/pods/d")
        .andReturn(403, "{\"kind\":\"Status\",\"message\":\"forbidden\"}")
        .always();
    ReservationStore store =
        new ReservationStore(
            new ClusterWriter(client, Duration.ofSeconds(10)),
            new ReservationCodec(),
            Duration.ofSeconds(5));

    PersistResult r =
        store
            .persist(
                new PersistRequest(
                    new PodRef("spark", "d"),
                    Optional.of(new io.muster.extender.persist.ObservedPod("5", Optional.empty())),
                    Optional.empty(),
                    TestReservations.reservation("spark", "spark-1", "n1", "A", 1, "n2")))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertThat(r).isInstanceOf(PersistResult.Failed.class);
    assertThat(((PersistResult.Failed) r).code()).isEqualTo(403);
  }
}
