package io.muster.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Small, bounded reads and clean-ups against the real API server for the scenarios. */
final class Kube {
  private final KubernetesClient client;

  Kube(KubernetesClient client) {
    this.client = client;
  }

  Optional<Pod> pod(String name) {
    return Optional.ofNullable(
        client.pods().inNamespace(ControlPlane.NAMESPACE).withName(name).get());
  }

  Optional<String> nodeOf(String pod) {
    return pod(pod).map(p -> p.getSpec().getNodeName()).filter(n -> n != null && !n.isEmpty());
  }

  /** Pod name → node for every bound pod of the application. */
  Map<String, String> boundPods(String appId) {
    return client
        .pods()
        .inNamespace(ControlPlane.NAMESPACE)
        .withLabel("spark-app-selector", appId)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty())
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(),
                p -> p.getSpec().getNodeName(),
                (a, b) -> a,
                TreeMap::new));
  }

  boolean allBound(Collection<String> pods) {
    return pods.stream().allMatch(p -> nodeOf(p).isPresent());
  }

  void awaitBound(Collection<String> pods, Duration bound) {
    Waits.until(bound, "pods bound: " + pods, () -> allBound(pods));
  }

  /** Messages of the events about {@code pod}, oldest first. */
  List<String> events(String pod) {
    return client.v1().events().inNamespace(ControlPlane.NAMESPACE).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && pod.equals(e.getInvolvedObject().getName()))
        .sorted(
            (a, b) ->
                String.valueOf(a.getMetadata().getCreationTimestamp())
                    .compareTo(String.valueOf(b.getMetadata().getCreationTimestamp())))
        .map(Kube::describe)
        .toList();
  }

  private static String describe(Event e) {
    return e.getReason() + ": " + e.getMessage();
  }

  /**
   * Removes every pod, Service and ConfigMap the previous scenario left in the Spark namespace.
   * There is no kubelet, so bound pods are deleted with grace period 0 (force), as kube-scheduler's
   * own tests do.
   */
  void cleanNamespace() {
    client.pods().inNamespace(ControlPlane.NAMESPACE).withGracePeriod(0).delete();
    // Spark's cluster-mode driver Service: no controller-manager runs to collect it with its pod.
    client.services().inNamespace(ControlPlane.NAMESPACE).delete();
    client.configMaps().inNamespace(ControlPlane.NAMESPACE).list().getItems().stream()
        .filter(cm -> !"kube-root-ca.crt".equals(cm.getMetadata().getName()))
        .forEach(
            cm -> client.configMaps().inNamespace(ControlPlane.NAMESPACE).resource(cm).delete());
    Waits.until(
        Duration.ofSeconds(60),
        "spark namespace empty of pods",
        () -> client.pods().inNamespace(ControlPlane.NAMESPACE).list().getItems().isEmpty());
  }

  void deletePod(String name) {
    client.pods().inNamespace(ControlPlane.NAMESPACE).withName(name).withGracePeriod(0).delete();
  }
}
