package io.muster.extender.scheduling;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muster.extender.cluster.TestPods;
import java.util.ArrayList;
import java.util.List;

/**
 * Muster replicas sharing one mock API server with four nodes of 4 CPU / 16 GiB, and the bindings
 * they send; what the crash, failover and bind-time tests start in each test and close after it.
 */
final class Replicas implements AutoCloseable {
  static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

  final ApiBindings bindings;
  private final KubernetesClient client;
  private final List<Harness> running = new ArrayList<>();

  Replicas(KubernetesMockServer server, KubernetesClient client) {
    this.client = client;
    NODES.forEach(n -> client.nodes().resource(TestPods.node(n, "4", "16Gi")).create());
    bindings = new ApiBindings(server, client);
  }

  Harness start(Harness.Options options) {
    Harness h = Harness.start(client, options);
    running.add(h);
    return h;
  }

  /** Stops {@code h} as a crash would: nothing more is sent for it. */
  void crash(Harness h) {
    running.remove(h);
    h.close();
  }

  @Override
  public void close() {
    running.forEach(Harness::close);
    bindings.close();
  }
}
