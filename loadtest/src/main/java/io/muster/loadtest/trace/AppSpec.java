package io.muster.loadtest.trace;

import io.muster.placement.model.Checks;
import io.muster.placement.model.Resources;

/**
 * One Spark application of a trace: when it is submitted, what its driver and each executor
 * request, how many executors it needs before its job can start ({@code minExecutors}) and may grow
 * to under dynamic allocation ({@code maxExecutors}), and how long its job runs with {@code
 * maxExecutors} executors (its work is {@code durationSeconds × maxExecutors} executor-seconds and
 * is done at a rate of one per running executor).
 */
public record AppSpec(
    String id,
    long arrivalSeconds,
    Resources driver,
    Resources executor,
    int minExecutors,
    int maxExecutors,
    long durationSeconds,
    boolean shuffleHeavy) {
  public AppSpec {
    Checks.requireArgument(id != null && id.matches("[a-z0-9][a-z0-9-]*"), "app id %s", id);
    Checks.requireArgument(arrivalSeconds >= 0, "app %s: arrival %s < 0", id, arrivalSeconds);
    Checks.requireArgument(driver != null && driver.pods() == 1, "app %s: driver demand", id);
    Checks.requireArgument(executor != null && executor.pods() == 1, "app %s: executor demand", id);
    Checks.requireArgument(minExecutors >= 1, "app %s: minExecutors %s < 1", id, minExecutors);
    Checks.requireArgument(
        maxExecutors >= minExecutors, "app %s: maxExecutors %s < min", id, maxExecutors);
    Checks.requireArgument(durationSeconds > 0, "app %s: duration %s", id, durationSeconds);
  }

  /** Spark dynamic allocation: the job starts with the minimum and asks for more once running. */
  public boolean dynamicAllocation() {
    return maxExecutors > minExecutors;
  }

  /** Executor-milliseconds of work. */
  public long workMillis() {
    return durationSeconds * 1000L * maxExecutors;
  }

  /** CPU of the driver plus the minimum executors, in millicores. */
  public long minimumMilliCpu() {
    return driver.milliCpu() + executor.milliCpu() * minExecutors;
  }
}
