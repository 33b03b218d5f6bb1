package io.muster.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the Spark namespace and keeps, per pod and ConfigMap, the first version seen, that is the
 * object exactly as its creator wrote it, before kube-scheduler, kube-apiserver's binding or Muster
 * changed anything, and when (suite clock, ms) each pod was first seen and first seen bound.
 * Started before the creator runs, so the first version is the created one.
 */
final class AsCreated implements AutoCloseable {
  private final Map<String, Pod> pods = new ConcurrentHashMap<>();
  private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
  private final Map<String, Long> boundAt = new ConcurrentHashMap<>();
  private final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
  private final Watch podWatch;
  private final Watch configMapWatch;

  private AsCreated(KubernetesClient client) {
    this.podWatch =
        client.pods().inNamespace(ControlPlane.NAMESPACE).watch(new Recorder<>(this::onPod));
    this.configMapWatch =
        client
            .configMaps()
            .inNamespace(ControlPlane.NAMESPACE)
            .watch(
                new Recorder<ConfigMap>(
                    cm -> configMaps.putIfAbsent(cm.getMetadata().getName(), cm)));
  }

  static AsCreated watch(KubernetesClient client) {
    return new AsCreated(client);
  }

  private void onPod(Pod p) {
    long now = System.currentTimeMillis();
    String name = p.getMetadata().getName();
    pods.putIfAbsent(name, p);
    seenAt.putIfAbsent(name, now);
    String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
    if (node != null && !node.isEmpty()) {
      boundAt.putIfAbsent(name, now);
    }
  }

  Optional<Pod> pod(String name) {
    return Optional.ofNullable(pods.get(name));
  }

  Optional<ConfigMap> configMap(String name) {
    return Optional.ofNullable(configMaps.get(name));
  }

  /** First versions of the pods carrying label {@code key=value}, oldest first. */
  List<Pod> podsLabelled(String key, String value) {
    return pods.values().stream()
        .filter(p -> value.equals(labels(p).get(key)))
        .sorted(Comparator.comparing(p -> seenAt.getOrDefault(p.getMetadata().getName(), 0L)))
        .toList();
  }

  OptionalLong seenAt(String pod) {
    Long t = seenAt.get(pod);
    return t == null ? OptionalLong.empty() : OptionalLong.of(t);
  }

  OptionalLong boundAt(String pod) {
    Long t = boundAt.get(pod);
    return t == null ? OptionalLong.empty() : OptionalLong.of(t);
  }

  static Map<String, String> labels(Pod p) {
    Map<String, String> l = p.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  @Override
  public void close() {
    podWatch.close();
    configMapWatch.close();
  }

  private record Recorder<T>(java.util.function.Consumer<T> sink) implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {
      if (action == Action.ADDED || action == Action.MODIFIED) {
        sink.accept(resource);
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      // A broken watch only loses first versions; the assertions that need them then fail by name.
    }
  }
}
