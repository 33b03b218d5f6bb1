package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.ClusterWriter;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.cluster.TestPods;
import io.muster.placement.model.SlotState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ReservationStoreIT {
  KubernetesClient client;

  private final ReservationCodec codec = new ReservationCodec();
  private final PodRef driver = new PodRef("spark", "app-driver");
  private ClusterWriter writer;
  private ReservationStore store;
  private Pod created;

  @BeforeEach
  void setUp() {
    writer = new ClusterWriter(client, Duration.ofSeconds(5));
    store = new ReservationStore(writer, codec, Duration.ofSeconds(5));
    created =
        client
            .pods()
            .inNamespace("spark")
            .resource(TestPods.pod("spark", "app-driver").app("spark-1").driver().build())
            .create();
  }

  private PersistResult persist(PersistRequest request) throws Exception {
    return store.persist(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Optional<String> annotationOnPod() {
    Pod p = client.pods().inNamespace("spark").withName("app-driver").get();
    Map<String, String> a = p.getMetadata().getAnnotations();
    return Optional.ofNullable(a == null ? null : a.get(MusterAnnotations.RESERVATION));
  }

  private PersistedReservation reservation(String writer, long revision) {
    return TestReservations.reservation("spark", "spark-1", "n1", writer, revision, "n2", "n3");
  }

  @Test
  void theMockServerEnforcesResourceVersionPreconditionsOnMergePatches() throws Exception {
    // What the optimistic-concurrency tests below rely on: a stale resourceVersion in a merge
    // patch is refused with 409 by the crud mock server, as by a real API server.
    String stale = created.getMetadata().getResourceVersion();
    client
        .pods()
        .inNamespace("spark")
        .withName("app-driver")
        .edit(
            p -> {
              p.getMetadata().getLabels().put("touched", "yes");
              return p;
            });
    ClusterWriter.ApiResponse r =
        writer.mergePatchPod(driver, store.patch(stale, "x")).get(10, TimeUnit.SECONDS);
    assertThat(r.code()).isEqualTo(409);
    assertThat(annotationOnPod()).isEmpty();
  }

  @Test
  void writesTheReservationAnnotationBeforeAdmission() throws Exception {
    PersistedReservation r = reservation("A", 1);
    PersistResult result =
        persist(
            new PersistRequest(driver, Optional.of(ObservedPod.of(created)), Optional.empty(), r));

    assertThat(result).isInstanceOf(PersistResult.Written.class);
    String newRv = ((PersistResult.Written) result).resourceVersion();
    assertThat(newRv).isNotEqualTo(created.getMetadata().getResourceVersion());
    assertThat(annotationOnPod().map(codec::decode)).contains(new DecodeResult.Decoded(r));
  }

  @Test
  void aStaleReplicaCannotOverwriteANewerReservation() throws Exception {
    ObservedPod staleView = ObservedPod.of(created);
    PersistedReservation newer = reservation("B", 4);
    assertThat(persist(new PersistRequest(driver, Optional.empty(), Optional.empty(), newer)))
        .isInstanceOf(PersistResult.Written.class);

    // Replica A still sees the pod as it was before B's write.
    PersistResult result =
        persist(
            new PersistRequest(
                driver, Optional.of(staleView), Optional.empty(), reservation("A", 1)));

    assertThat(result).isInstanceOf(PersistResult.Conflict.class);
    assertThat(((PersistResult.Conflict) result).current())
        .contains(new ReservationVersion("B", 4));
    assertThat(annotationOnPod().map(codec::decode)).contains(new DecodeResult.Decoded(newer));
  }

  @Test
  void anUnrelatedChangeOfThePodCostsOneRetryNotAConflict() throws Exception {
    ObservedPod before = ObservedPod.of(created);
    client
        .pods()
        .inNamespace("spark")
        .withName("app-driver")
        .edit(
            p -> {
              p.getMetadata().getLabels().put("status-ish", "changed");
              return p;
            });
    PersistedReservation r = reservation("A", 1);

    PersistResult result =
        persist(new PersistRequest(driver, Optional.of(before), Optional.empty(), r));

    assertThat(result).isInstanceOf(PersistResult.Written.class);
    assertThat(annotationOnPod().map(codec::decode)).contains(new DecodeResult.Decoded(r));
  }

  @Test
  void aTakeoverNamesTheVersionItReplaces() throws Exception {
    PersistedReservation old = reservation("A", 3);
    persist(new PersistRequest(driver, Optional.empty(), Optional.empty(), old));
    PersistedReservation takeover = reservation("B", 4);

    assertThat(persist(new PersistRequest(driver, Optional.empty(), Optional.empty(), takeover)))
        .isInstanceOf(PersistResult.Conflict.class);
    assertThat(
            persist(
                new PersistRequest(driver, Optional.empty(), Optional.of(old.version()), takeover)))
        .isInstanceOf(PersistResult.Written.class);
  }

  @Test
  void rewritingTheSameReservationIsIdempotent() throws Exception {
    PersistedReservation r = reservation("A", 1);
    persist(new PersistRequest(driver, Optional.empty(), Optional.empty(), r));
    assertThat(persist(new PersistRequest(driver, Optional.empty(), Optional.empty(), r)))
        .isInstanceOf(PersistResult.Written.class);
  }

  @Test
  void aMissingAnchorIsNotFound() throws Exception {
    PersistResult result =
        persist(
            new PersistRequest(
                new PodRef("spark", "nobody"),
                Optional.empty(),
                Optional.empty(),
                reservation("A", 1)));
    assertThat(result).isInstanceOf(PersistResult.NotFound.class);
  }

  @Test
  void releaseRemovesOwnReservationOnly() throws Exception {
    PersistedReservation mine = reservation("A", 2);
    persist(new PersistRequest(driver, Optional.empty(), Optional.empty(), mine));
    assertThat(store.release(driver, mine).toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(PersistResult.Written.class);
    assertThat(annotationOnPod()).isEmpty();

    PersistedReservation theirs = reservation("B", 7);
    persist(new PersistRequest(driver, Optional.empty(), Optional.empty(), theirs));
    assertThat(store.release(driver, mine).toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(PersistResult.Conflict.class);
    assertThat(annotationOnPod()).isPresent();
  }

  @Test
  void coalescedUpdatesEndWithTheLatestState() throws Exception {
    List<ReservationUpdater.Outcome> outcomes = new CopyOnWriteArrayList<>();
    ReservationUpdater updater = new ReservationUpdater(store, outcomes::add);
    PersistedReservation v1 = reservation("A", 1);
    persist(new PersistRequest(driver, Optional.empty(), Optional.empty(), v1));

    PersistedReservation last = v1;
    for (int i = 2; i <= 6; i++) {
      PersistedReservation next =
          TestReservations.withSlot(reservation("A", i), 0, SlotState.CLAIMED, "exec-" + i);
      updater.submit(driver, Optional.of(v1.version()), next);
      last = next;
    }
    PersistedReservation expected = last;
    Await.until(
        "latest state written",
        () ->
            updater.pending() == 0
                && annotationOnPod()
                    .map(codec::decode)
                    .equals(Optional.of(new DecodeResult.Decoded(expected))));
    assertThat(outcomes)
        .allSatisfy(o -> assertThat(o.result()).isInstanceOf(PersistResult.Written.class))
        .hasSizeBetween(1, 5);
  }
}
