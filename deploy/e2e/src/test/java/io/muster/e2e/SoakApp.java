package io.muster.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * One soak application, run start to end on its own (virtual) thread as Spark would run it: the
 * driver pod, its ConfigMap 200 ms later, executors in batches once the driver is bound, lost
 * executors replaced, then executors and driver deleted when it finishes (or the driver first, when
 * the plan says it dies). Every wait is bounded and ends early when the soak drains.
 */
final class SoakApp implements Runnable {
  /** How an application ended. */
  enum Outcome {
    RUNNING,
    /** Ran its whole planned time, then finished. */
    COMPLETED,
    /** Admitted, but the soak ended before its planned time was up. */
    CUT_SHORT,
    /** Its driver waited in the queue longer than the queue bound; the user gave up. */
    ABANDONED,
    /** Still queued when the soak ended. */
    NEVER_ADMITTED,
    /** The script threw (an API call failed): see {@link #error()}. */
    FAILED
  }

  private static final Duration POLL = Duration.ofMillis(200);

  final AppPlan plan;
  final SparkApp spark;
  private final KubernetesClient client;
  private final PodWatch watch;
  private final BooleanSupplier draining;
  private final Duration queueBound;
  private final Random random;
  private final List<String> live = new ArrayList<>();
  private final List<String> initial = new ArrayList<>();
  private volatile Outcome outcome = Outcome.RUNNING;
  private volatile long createdMs = -1;
  private volatile long driverBoundMs = -1;
  private volatile boolean gone;
  private volatile RuntimeException error;
  private int nextExecutorId = 1;
  private int replaced;

  SoakApp(
      AppPlan plan,
      KubernetesClient client,
      PodWatch watch,
      BooleanSupplier draining,
      Duration queueBound) {
    this.plan = plan;
    this.spark = plan.sparkApp();
    this.client = client;
    this.watch = watch;
    this.draining = draining;
    this.queueBound = queueBound;
    this.random = new Random(plan.seed());
  }

  @Override
  public void run() {
    try {
      script();
    } catch (RuntimeException e) {
      error = e;
      outcome = Outcome.FAILED;
      try {
        deleteEverything();
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
    } finally {
      gone = true;
    }
  }

  private void script() {
    createdMs = System.currentTimeMillis();
    spark.submit(client, Duration.ofMillis(200));
    if (!awaitDriverBound()) {
      outcome = draining.getAsBoolean() ? Outcome.NEVER_ADMITTED : Outcome.ABANDONED;
      deleteEverything();
      return;
    }
    driverBoundMs = System.currentTimeMillis();
    createInBatches(plan.executors());
    initial.addAll(live);
    long end = System.currentTimeMillis() + plan.runtime().toMillis();
    List<Long> lossTimes = lossTimes(end);
    for (long at : lossTimes) {
      if (!sleepUntil(at)) {
        break;
      }
      loseOneExecutor();
    }
    outcome = sleepUntil(end) ? Outcome.COMPLETED : Outcome.CUT_SHORT;
    finish();
  }

  private boolean awaitDriverBound() {
    long deadline = System.currentTimeMillis() + queueBound.toMillis();
    while (watch.nodeOf(spark.driverName).isEmpty()) {
      if (draining.getAsBoolean() || System.currentTimeMillis() > deadline) {
        return false;
      }
      Waits.sleep(POLL);
    }
    return true;
  }

  /** Spark's allocator: a batch of pods, then a pause ({@code batch.delay}, 1 s by default). */
  private void createInBatches(int count) {
    int created = 0;
    while (created < count && !draining.getAsBoolean()) {
      int n = Math.min(plan.batchSize(), count - created);
      for (int i = 0; i < n; i++) {
        createExecutor();
      }
      created += n;
      if (created < count) {
        Waits.sleep(Duration.ofSeconds(1));
      }
    }
  }

  private void createExecutor() {
    Pod pod = spark.executorPod(nextExecutorId++);
    client.pods().inNamespace(ControlPlane.NAMESPACE).resource(pod).create();
    live.add(pod.getMetadata().getName());
  }

  private List<Long> lossTimes(long end) {
    List<Long> times = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < plan.losses(); i++) {
      times.add(now + (long) (random.nextDouble() * Math.max(1, end - now - 3_000)));
    }
    times.sort(Long::compare);
    return times;
  }

  /** A bound executor is lost; Spark asks for a replacement (a new executor id) 1..3 s later. */
  private void loseOneExecutor() {
    List<String> bound = live.stream().filter(e -> watch.nodeOf(e).isPresent()).toList();
    if (bound.isEmpty()) {
      return;
    }
    String lost = bound.get(random.nextInt(bound.size()));
    deletePod(lost);
    live.remove(lost);
    Waits.sleep(Duration.ofMillis(1_000 + random.nextInt(2_000)));
    if (!draining.getAsBoolean()) {
      createExecutor();
      replaced++;
    }
  }

  private void finish() {
    if (plan.driverLost()) {
      deletePod(spark.driverName);
      Waits.sleep(Duration.ofMillis(1_000 + random.nextInt(2_000)));
    }
    deleteEverything();
  }

  /** Executors first, then the driver, then its ConfigMap (the garbage collector's job). */
  private void deleteEverything() {
    new ArrayList<>(live).forEach(this::deletePod);
    live.clear();
    deletePod(spark.driverName);
    client.configMaps().inNamespace(ControlPlane.NAMESPACE).withName(spark.configMapName).delete();
  }

  private void deletePod(String name) {
    client.pods().inNamespace(ControlPlane.NAMESPACE).withName(name).withGracePeriod(0).delete();
  }

  /** Sleeps until {@code at}; false when the soak began draining first. */
  private boolean sleepUntil(long at) {
    while (System.currentTimeMillis() < at) {
      if (draining.getAsBoolean()) {
        return false;
      }
      Waits.sleep(Duration.ofMillis(Math.min(250, Math.max(1, at - System.currentTimeMillis()))));
    }
    return true;
  }

  Outcome outcome() {
    return outcome;
  }

  boolean gone() {
    return gone;
  }

  RuntimeException error() {
    return error;
  }

  boolean admitted() {
    return driverBoundMs >= 0;
  }

  int replaced() {
    return replaced;
  }

  /** Driver created → driver bound, if it was bound. */
  OptionalLong queuedMs() {
    return admitted() ? OptionalLong.of(driverBoundMs - createdMs) : OptionalLong.empty();
  }

  /**
   * Driver created → the last of the executors created at start seen bound, when all of them bound
   * (for a dynamic gang only its minimum counts: extras may wait for free room by design).
   */
  OptionalLong createdToFullMs() {
    OptionalLong full = minimumBoundAtMs();
    return full.isPresent() ? OptionalLong.of(full.getAsLong() - createdMs) : full;
  }

  /** Driver bound → its minimum executors bound: what steering into the slots took. */
  OptionalLong boundToFullMs() {
    OptionalLong full = minimumBoundAtMs();
    return full.isPresent() ? OptionalLong.of(full.getAsLong() - driverBoundMs) : full;
  }

  private OptionalLong minimumBoundAtMs() {
    if (!admitted() || initial.size() < plan.executors()) {
      return OptionalLong.empty();
    }
    int needed = plan.dynamic() ? plan.minExecutors() : plan.executors();
    List<Long> bound =
        initial.stream()
            .map(watch::firstBound)
            .filter(OptionalLong::isPresent)
            .map(OptionalLong::getAsLong)
            .sorted()
            .toList();
    return bound.size() < needed ? OptionalLong.empty() : OptionalLong.of(bound.get(needed - 1));
  }
}
