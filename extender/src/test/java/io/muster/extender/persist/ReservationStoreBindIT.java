package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.cluster.ClusterWriter;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.cluster.TestPods;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReservationStore#bind}: the reservation travels in the driver's Binding, with the pod's
 * uid and resourceVersion as preconditions, and a 409 is judged by re-reading the pod.
 */
@EnableKubernetesMockClient(crud = true)
class ReservationStoreBindIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BINDING = "/api/v1/namespaces/spark/pods/app-driver/binding";

  KubernetesClient client;
  KubernetesMockServer server;

  private final ReservationCodec codec = new ReservationCodec();
  private final PodRef driver = new PodRef("spark", "app-driver");
  private final List<JsonNode> bindings = new CopyOnWriteArrayList<>();
  private ReservationStore store;
  private Pod created;

  @BeforeEach
  void setUp() {
    store =
        new ReservationStore(
            new ClusterWriter(client, Duration.ofSeconds(5)), codec, Duration.ofSeconds(5));
    created =
        client
            .pods()
            .inNamespace("spark")
            .resource(TestPods.pod("spark", "app-driver").app("spark-1").driver().build())
            .create();
  }

  /** The binding subresource answers {@code code} and records each body. */
  private void bindingAnswers(int code) {
    server
        .expect()
        .post()
        .withPath(BINDING)
        .andReply(
            code,
            request -> {
              try {
                bindings.add(JSON.readTree(request.getUtf8Body()));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return code == 201 ? "{\"kind\":\"Status\",\"code\":201}" : "{\"code\":409}";
            })
        .always();
  }

  private PersistedReservation reservation(String writer, long revision) {
    return TestReservations.reservation("spark", "spark-1", "n1", writer, revision, "n2", "n3");
  }

  private PersistResult bind(PersistRequest request, String uid) throws Exception {
    return store.bind(request, uid, "n1").toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void podNow(String node, Optional<String> annotation) {
    client
        .pods()
        .inNamespace("spark")
        .withName("app-driver")
        .edit(
            p -> {
              p.getSpec().setNodeName(node);
              if (p.getMetadata().getAnnotations() == null) {
                p.getMetadata().setAnnotations(new HashMap<>());
              }
              annotation.ifPresent(
                  a -> p.getMetadata().getAnnotations().put(MusterAnnotations.RESERVATION, a));
              return p;
            });
  }

  @Test
  void theBindingCarriesTheReservationTheUidAndTheObservedResourceVersion() throws Exception {
    bindingAnswers(201);
    PersistedReservation next = reservation("muster-a", 1);

    PersistResult result =
        bind(
            new PersistRequest(
                driver, Optional.of(ObservedPod.of(created)), Optional.empty(), next),
            created.getMetadata().getUid());

    assertThat(result).isInstanceOf(PersistResult.Written.class);
    assertThat(bindings)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.at("/kind").asText()).isEqualTo("Binding");
              assertThat(b.at("/target/name").asText()).isEqualTo("n1");
              assertThat(b.at("/metadata/uid").asText()).isEqualTo(created.getMetadata().getUid());
              assertThat(b.at("/metadata/resourceVersion").asText())
                  .isEqualTo(created.getMetadata().getResourceVersion());
              String written =
                  b.at("/metadata/annotations").get(MusterAnnotations.RESERVATION).asText();
              assertThat(codec.decode(written)).isEqualTo(new DecodeResult.Decoded(next));
            });
  }

  @Test
  void aConflictWhoseReReadShowsThisVeryBindingLandedIsSuccess() throws Exception {
    bindingAnswers(409);
    PersistedReservation next = reservation("muster-a", 1);
    podNow("n1", Optional.of(codec.encode(next))); // an earlier attempt of this bind landed

    PersistResult result =
        bind(
            new PersistRequest(
                driver, Optional.of(ObservedPod.of(created)), Optional.empty(), next),
            created.getMetadata().getUid());

    assertThat(result).isInstanceOf(PersistResult.Written.class);
  }

  @Test
  void aDriverAlreadyBoundByAnotherWriterIsAConflict() throws Exception {
    bindingAnswers(409);
    PersistedReservation theirs = reservation("muster-b", 1);
    podNow("n2", Optional.of(codec.encode(theirs)));

    PersistResult result =
        bind(
            new PersistRequest(
                driver,
                Optional.of(ObservedPod.of(created)),
                Optional.empty(),
                reservation("muster-a", 1)),
            created.getMetadata().getUid());

    assertThat(result).isInstanceOf(PersistResult.Conflict.class);
    assertThat(((PersistResult.Conflict) result).current()).contains(theirs.version());
  }

  @Test
  void aNewerReservationOfAnotherWriterRefusesTheBindWithoutCallingTheApi() throws Exception {
    bindingAnswers(201);
    PersistedReservation theirs = reservation("muster-b", 2);
    podNow(null, Optional.of(codec.encode(theirs)));

    PersistResult result =
        bind(
            new PersistRequest(
                driver, Optional.empty(), Optional.empty(), reservation("muster-a", 1)),
            created.getMetadata().getUid());

    assertThat(result).isInstanceOf(PersistResult.Conflict.class);
    assertThat(bindings).isEmpty();
  }

  @Test
  void aRecreatedPodOfTheSameNameIsNotBound() throws Exception {
    bindingAnswers(201);

    PersistResult result =
        bind(
            new PersistRequest(
                driver, Optional.empty(), Optional.empty(), reservation("muster-a", 1)),
            "another-uid");

    assertThat(result).isInstanceOf(PersistResult.NotFound.class);
    assertThat(bindings).isEmpty();
  }
}
