package io.muster.extender.scheduling;

import static io.muster.extender.scheduling.AdmissionQueueIT.driver;
import static io.muster.extender.scheduling.AdmissionQueueIT.gang;
import static io.muster.extender.scheduling.FailoverIT.executor;
import static io.muster.extender.scheduling.FailoverIT.only;
import static io.muster.extender.scheduling.Harness.NS;
import static io.muster.extender.scheduling.LedgerChecks.reservation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.muster.extender.cluster.Await;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.TestPods;
import io.muster.extender.config.ExtenderConfig;
import io.muster.placement.model.Slot;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away and comes back (the mock server is stopped and restarted on its port,
 * with its store): while it is gone Muster answers executors of admitted gangs from its cache, but
 * admits no new gang once the view is older than {@code MUSTER_MAX_VIEW_AGE}, and {@code /readyz}
 * says so; when it is back the informers re-list and admission resumes.
 */
class ApiOutageIT {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");
  private static final Duration MAX_VIEW_AGE = Duration.ofSeconds(30); // the documented default

  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();

  /** What @EnableKubernetesMockClient(crud = true) builds, kept in hand to outlive a server. */
  private final KubernetesMixedDispatcher store = new KubernetesMixedDispatcher(expectations);

  private KubernetesMockServer server;
  private KubernetesClient client;
  private ApiBindings bindings;
  private Harness muster;

  @BeforeEach
  void start() {
    server = serving(0);
    client = server.createClient();
    NODES.forEach(n -> client.nodes().resource(TestPods.node(n, "4", "16Gi")).create());
    bindings = new ApiBindings(server, client);
    muster = Harness.start(client);
  }

  /**
   * A mock API server on {@code port} (0: any) over the one store: a MockWebServer cannot be
   * started again once stopped, so the API server "coming back" is a new one on the same port.
   */
  private KubernetesMockServer serving(int port) {
    KubernetesMockServer s =
        new KubernetesMockServer(new Context(), new MockWebServer(), expectations, store, false);
    s.init(InetAddress.getLoopbackAddress(), port);
    return s;
  }

  @AfterEach
  void stop() {
    muster.close();
    bindings.close();
    client.close();
    server.destroy();
  }

  @Test
  void withoutTheApiServerExecutorsAreServedFromTheCacheButNoNewGangIsAdmitted() {
    assertThat(ExtenderConfig.fromEnv(Map.of(ExtenderConfig.TLS_MODE, "plain")).maxViewAge())
        .isEqualTo(MAX_VIEW_AGE);
    muster.create(driver("app-1", 3));
    String driverNode = only(muster.filter(muster.pod("app-1-driver"), NODES));
    bindings.allow(NS, "app-1-driver");
    muster.bind(muster.pod("app-1-driver"), driverNode);
    muster.awaitBoundInView("app-1-driver", driverNode);
    Pod exec1 = muster.create(executor("app-1", 1));
    Pod app2 = driver("app-2", 1); // never reached the API
    int port = server.getPort();

    server.shutdown();
    Await.until("the watches are down", () -> !muster.cache.isWatching(), Harness.BOUND);
    // within the bound the view is trusted: a watch reconnecting is not an outage
    assertThat(muster.cache.health().freshWithin(MAX_VIEW_AGE)).isTrue();
    muster.clock.advance(MAX_VIEW_AGE.plusSeconds(1));

    var ready = muster.get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.bodyAsString()).contains("cluster view stale");
    // the admitted gang's executor is steered into its slot from the cache
    List<String> slots =
        reservation(muster, gang("app-1")).orElseThrow().slots().stream().map(Slot::node).toList();
    assertThat(only(muster.filter(exec1, NODES))).isIn(slots);
    // a new gang is not admitted on a view that may miss what happened meanwhile
    JsonNode refused = muster.filter(app2, NODES);
    assertThat(refused.get("NodeNames")).isEmpty();
    assertThat(refused.get("FailedNodes").get("n1").asText()).contains("stale");
    assertThat(reservation(muster, gang("app-2"))).isEmpty();

    // the API server is back: the informers re-list, readiness and admission return
    server = serving(port);
    Await.until("the watches are back", () -> muster.cache.isWatching(), Harness.BOUND);
    Await.until("ready again", () -> muster.get("/readyz").statusCode() == 200, Harness.BOUND);
    muster.create(app2);
    only(muster.filter(muster.pod("app-2-driver"), NODES));
    assertThat(muster.annotation("app-2-driver", MusterAnnotations.RESERVATION)).isPresent();
    assertThat(reservation(muster, gang("app-1"))).isPresent();
  }
}
