package io.muster.extender.scheduling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Bounded holds of a driver's filter answer until Spark's ConfigMap arrives. Spark creates the
 * ConfigMap 150–310 ms after the driver pod; holding the answer that long is cheaper than a
 * rejection, which kube-scheduler retries only after a nudge and its backoff. Thread-safe: waiters
 * register from the decision loop, arrivals come from the ConfigMap informer.
 */
final class ConfigMapHolds {
  /** Every hold waits on its own future, so one waiter's timeout never cuts another's hold. */
  private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

  /**
   * Completes when every named ConfigMap has arrived, or after {@code bound}, whichever first. The
   * returned future may complete on the informer thread or a timer thread: hop before real work.
   *
   * @param present whether a ConfigMap of that name is in the cluster view now; checked after
   *     registering, because one that arrived between the caller's look and this call was announced
   *     to nobody
   */
  CompletableFuture<Void> await(
      String namespace, List<String> names, Duration bound, Predicate<String> present) {
    List<String> keys = new ArrayList<>();
    List<CompletableFuture<Void>> mine = new ArrayList<>();
    for (String name : names) {
      String key = key(namespace, name);
      CompletableFuture<Void> f = new CompletableFuture<>();
      waiting.compute(
          key,
          (k, set) -> {
            Set<CompletableFuture<Void>> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(f);
            return s;
          });
      keys.add(key);
      mine.add(f);
      if (present.test(name)) {
        f.complete(null);
      }
    }
    CompletableFuture<Void> held =
        CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new))
            .completeOnTimeout(null, bound.toMillis(), TimeUnit.MILLISECONDS);
    // A ConfigMap that never comes must not pin its entry: the hold forgets only its own futures.
    // The caller gets the stage after that cleanup, so it never sees its own entry still there.
    return held.whenComplete(
        (v, e) -> {
          for (int i = 0; i < keys.size(); i++) {
            CompletableFuture<Void> f = mine.get(i);
            waiting.computeIfPresent(
                keys.get(i),
                (k, set) -> {
                  set.remove(f);
                  return set.isEmpty() ? null : set;
                });
          }
        });
  }

  /** Called from the informer when a ConfigMap appears (after the view shows it). */
  void arrived(String namespace, String name) {
    Set<CompletableFuture<Void>> holds = waiting.remove(key(namespace, name));
    if (holds != null) {
      holds.forEach(f -> f.complete(null));
    }
  }

  /** ConfigMaps someone waits for now (for tests and {@code /debug}). */
  int waitingFor() {
    return waiting.size();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
