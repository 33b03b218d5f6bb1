package io.muster.extender.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Bounded holds of a driver's filter answer until Spark's ConfigMap arrives. Spark creates the
 * ConfigMap 150–310 ms after the driver pod; holding the answer that long is cheaper than a
 * rejection, which kube-scheduler retries only after a nudge and its backoff.
 */
final class ConfigMapHolds {
  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

  /** Completes when every named ConfigMap has arrived, or after {@code bound}, whichever first. */
  CompletableFuture<Void> await(String namespace, List<String> names, Duration bound) {
    CompletableFuture<?>[] all =
        names.stream()
            .map(n -> waiting.computeIfAbsent(key(namespace, n), k -> new CompletableFuture<>()))
            .toArray(CompletableFuture[]::new);
    CompletableFuture<Void> held =
        CompletableFuture.allOf(all)
            .completeOnTimeout(null, bound.toMillis(), TimeUnit.MILLISECONDS);
    // A ConfigMap that never comes must not pin its entry: later waiters start afresh.
    held.whenComplete((v, e) -> names.forEach(n -> waiting.remove(key(namespace, n))));
    return held;
  }

  /** Called from the informer when a ConfigMap appears. */
  void arrived(String namespace, String name) {
    CompletableFuture<Void> f = waiting.remove(key(namespace, name));
    if (f != null) {
      f.complete(null);
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
