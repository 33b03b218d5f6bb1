package io.muster.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An informer on the Spark namespace for the soak's applications: they poll it (not the API server)
 * for their own pods' binding, and it remembers when each pod was first seen bound. The invariant
 * checker does not use it: it reads the API server.
 */
final class PodWatch implements AutoCloseable {
  private final SharedIndexInformer<Pod> informer;
  private final Map<String, Long> firstBoundMs = new ConcurrentHashMap<>();

  private PodWatch(KubernetesClient client) {
    this.informer = client.pods().inNamespace(ControlPlane.NAMESPACE).runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            seen(pod);
          }

          @Override
          public void onUpdate(Pod before, Pod pod) {
            seen(pod);
          }

          @Override
          public void onDelete(Pod pod, boolean finalStateUnknown) {}
        });
  }

  static PodWatch start(KubernetesClient client) {
    PodWatch watch = new PodWatch(client);
    watch.informer.start();
    Waits.until(Duration.ofSeconds(30), "pod informer synced", watch.informer::hasSynced);
    return watch;
  }

  private void seen(Pod pod) {
    if (pod != null && node(pod).isPresent()) {
      firstBoundMs.putIfAbsent(pod.getMetadata().getName(), System.currentTimeMillis());
    }
  }

  /** The node {@code pod} is bound to, as the informer last saw it. */
  Optional<String> nodeOf(String pod) {
    Pod p = informer.getStore().getByKey(ControlPlane.NAMESPACE + "/" + pod);
    return p == null ? Optional.empty() : node(p);
  }

  /** When {@code pod} was first seen bound (test clock, ms). Pod names are never reused here. */
  OptionalLong firstBound(String pod) {
    Long t = firstBoundMs.get(pod);
    return t == null ? OptionalLong.empty() : OptionalLong.of(t);
  }

  /** Distinct pods of the namespace ever seen bound since the watch started. */
  int boundEver() {
    return firstBoundMs.size();
  }

  private static Optional<String> node(Pod p) {
    String n = p.getSpec() == null ? null : p.getSpec().getNodeName();
    return n == null || n.isEmpty() ? Optional.empty() : Optional.of(n);
  }

  @Override
  public void close() {
    informer.close();
  }
}
