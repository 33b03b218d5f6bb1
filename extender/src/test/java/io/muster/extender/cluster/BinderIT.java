package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expectations mode: answers of a real API server to {@code POST pods/<name>/binding}. */
@EnableKubernetesMockClient
class BinderIT {
  private static final String BINDING = "/api/v1/namespaces/spark/pods/e1/binding";
  private static final String POD = "/api/v1/namespaces/spark/pods/e1";
  private static final String ALREADY =
      "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,"
          + "\"message\":\"Operation cannot be fulfilled on pods/binding \\\"e1\\\": pod e1 is"
          + " already assigned to node \\\"n1\\\"\"}";

  KubernetesMockServer server;
  KubernetesClient client;
  private Binder binder;

  @BeforeEach
  void setUp() {
    binder = new Binder(new ClusterWriter(client, Duration.ofSeconds(5)), Duration.ofSeconds(5));
  }

  private BindResult bind(String node) throws Exception {
    return binder
        .bind(new PodRef("spark", "e1"), "uid-1", node)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void bindsThroughTheBindingSubresource() throws Exception {
    server
        .expect()
        .post()
        .withPath(BINDING)
        .andReturn(201, "{\"kind\":\"Status\",\"status\":\"Success\"}")
        .once();
    assertThat(bind("n1")).isEqualTo(new BindResult.Bound("n1", false));
    String body = server.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8();
    assertThat(body)
        .contains("\"kind\":\"Binding\"")
        .contains("\"uid\":\"uid-1\"")
        .contains("\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"n1\"}");
  }

  @Test
  void aRepeatedBindToTheSameNodeSucceeds() throws Exception {
    server.expect().post().withPath(BINDING).andReturn(409, ALREADY).once();
    server
        .expect()
        .get()
        .withPath(POD)
        .andReturn(200, TestPods.pod("spark", "e1").uid("uid-1").node("n1").build())
        .once();
    assertThat(bind("n1")).isEqualTo(new BindResult.Bound("n1", true));
  }

  @Test
  void aPodBoundElsewhereIsReportedAsSuch() throws Exception {
    server.expect().post().withPath(BINDING).andReturn(409, ALREADY).once();
    server
        .expect()
        .get()
        .withPath(POD)
        .andReturn(200, TestPods.pod("spark", "e1").uid("uid-1").node("n1").build())
        .once();
    assertThat(bind("n2")).isEqualTo(new BindResult.BoundElsewhere("n1"));
  }

  @Test
  void aReplacedPodIsGone() throws Exception {
    server.expect().post().withPath(BINDING).andReturn(409, ALREADY).once();
    server
        .expect()
        .get()
        .withPath(POD)
        .andReturn(200, TestPods.pod("spark", "e1").uid("uid-2").node("n1").build())
        .once();
    assertThat(bind("n1")).isEqualTo(new BindResult.PodGone());
  }

  @Test
  void aMissingPodIsGoneAndOtherErrorsAreValues() throws Exception {
    server.expect().post().withPath(BINDING).andReturn(404, "{}").once();
    assertThat(bind("n1")).isEqualTo(new BindResult.PodGone());
    server.expect().post().withPath(BINDING).andReturn(403, "forbidden").once();
    assertThat(bind("n1")).isEqualTo(new BindResult.Failed(403, "forbidden"));
  }

  @Test
  void aFailingApiServerIsRetriedOnlyWithinTheBound() throws Exception {
    // fabric8's HTTP layer retries 5xx with backoff; the binder's bound still ends the call.
    server.expect().post().withPath(BINDING).andReturn(500, "boom").always();
    Binder quick =
        new Binder(new ClusterWriter(client, Duration.ofSeconds(5)), Duration.ofMillis(700));
    BindResult r =
        quick
            .bind(new PodRef("spark", "e1"), "", "n1")
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(r).isInstanceOf(BindResult.Failed.class);
    assertThat(server.getRequestCount()).isGreaterThan(1);
  }

  @Test
  void invalidNamesNeverReachTheApi() throws Exception {
    assertThat(bind("../../etc")).isInstanceOf(BindResult.Failed.class);
    BindResult r =
        binder
            .bind(new PodRef("spark", "a/b"), "", "n1")
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertThat(r).isInstanceOf(BindResult.Failed.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
