package io.muster.e2e;

import io.muster.placement.model.Resources;
import java.time.Duration;
import java.util.Random;

/**
 * What one soak application will do, drawn up front from its own seeded {@link Random} so that a
 * seed reproduces the same workload (the interleaving with the scheduler still varies).
 *
 * @param executors executor pods created at first (for dynamic allocation: what Spark scales up to,
 *     between {@code minExecutors} and {@code maxExecutors})
 * @param losses executors deleted mid-run and replaced, as Spark replaces lost executors
 * @param driverLost the driver goes first and its executors a moment later (what the garbage
 *     collector does when a driver dies), instead of Spark's orderly executors-then-driver
 */
record AppPlan(
    int index,
    String kind,
    int driverCores,
    int driverMemoryMiB,
    int executors,
    int executorCores,
    int executorMemoryMiB,
    boolean dynamic,
    int minExecutors,
    int maxExecutors,
    int batchSize,
    Duration runtime,
    int losses,
    boolean driverLost,
    long seed) {

  private static final int[] HEAP_MIB = {1024, 2048, 4096};

  /**
   * About 12% large gangs (23..29 of the cluster's 32 CPU: they queue), 18% dynamic allocation, the
   * rest small and medium static gangs.
   */
  static AppPlan draw(Random r, int index) {
    double kind = r.nextDouble();
    int driverMemory = r.nextBoolean() ? 1024 : 2048;
    int batch = r.nextInt(4) == 0 ? 3 : 5; // Spark's spark.kubernetes.allocation.batch.size: 5
    Duration runtime = Duration.ofMillis(8_000 + r.nextInt(22_000));
    int losses = r.nextDouble() < 0.35 ? 1 + r.nextInt(2) : 0;
    boolean driverLost = r.nextDouble() < 0.07;
    long seed = r.nextLong();
    if (kind < 0.12) {
      int n = 11 + r.nextInt(4);
      int heap = 2048 + 2048 * r.nextInt(2);
      return new AppPlan(
          index,
          "large",
          1,
          driverMemory,
          n,
          2,
          heap,
          false,
          n,
          n,
          batch,
          runtime,
          losses,
          driverLost,
          seed);
    }
    int cores = 1 + r.nextInt(2);
    int heap = HEAP_MIB[r.nextInt(HEAP_MIB.length)];
    if (kind < 0.30) {
      int min = 1 + r.nextInt(2);
      int max = 4 + r.nextInt(7);
      int created = min + 1 + r.nextInt(max - min);
      return new AppPlan(
          index,
          "dynamic",
          1,
          driverMemory,
          created,
          cores,
          heap,
          true,
          min,
          max,
          batch,
          runtime,
          losses,
          driverLost,
          seed);
    }
    int n = 1 + r.nextInt(8);
    return new AppPlan(
        index,
        "static",
        1,
        driverMemory,
        n,
        cores,
        heap,
        false,
        n,
        n,
        batch,
        runtime,
        losses,
        driverLost,
        seed);
  }

  /** The Spark-shaped application this plan describes (fresh names and application id). */
  SparkApp sparkApp() {
    SparkApp app =
        new SparkApp("soak-" + index)
            .driver(driverCores, driverMemoryMiB)
            .executors(dynamic ? 0 : executors, executorCores, executorMemoryMiB);
    return dynamic ? app.dynamic(minExecutors, maxExecutors) : app;
  }

  /** Pods this application has at most at once (replacements come after their loss). */
  int pods() {
    return 1 + executors;
  }

  /** The driver pod's requests, as Spark sizes them. */
  Resources driverDemand() {
    return Resources.pod(driverCores * 1000L, SparkApp.podMemoryMiB(driverMemoryMiB) * MIB);
  }

  /** One executor pod's requests, as Spark sizes them. */
  Resources executorDemand() {
    return Resources.pod(executorCores * 1000L, SparkApp.podMemoryMiB(executorMemoryMiB) * MIB);
  }

  private static final long MIB = 1024L * 1024;

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "#%d %s 1x%dcpu + %s%dx%dcpu/%dMiB run %ds losses %d%s",
        index,
        kind,
        driverCores,
        dynamic ? "dyn(" + minExecutors + ".." + maxExecutors + ") " : "",
        executors,
        executorCores,
        executorMemoryMiB,
        runtime.toSeconds(),
        losses,
        driverLost ? " driver-lost" : "");
  }
}
