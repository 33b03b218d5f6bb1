package io.muster.loadtest.sim;

import io.muster.placement.model.Checks;

/**
 * How Spark and kube-scheduler behave in the simulator. Spark: the driver asks for executors {@code
 * driverStartupSeconds} after it is bound, {@code batchSize} pods every {@code batchDelaySeconds}
 * ({@code spark.kubernetes.allocation.batch.size} and {@code .batch.delay}, defaults 5 and 1 s).
 * kube-scheduler: pending pods are retried at every cluster change and at least every {@code
 * flushSeconds} (its unschedulable-pod flush, 5 min). A driver that waits {@code
 * stuckThresholdSeconds} or longer for its executors counts as stuck. The run stops at {@code
 * horizonSeconds} after the last arrival, or once {@code idleFlushes} flushes in a row changed
 * nothing and nothing else is due (a deadlock).
 */
public record SimSettings(
    long driverStartupSeconds,
    int batchSize,
    long batchDelaySeconds,
    long flushSeconds,
    long stuckThresholdSeconds,
    long horizonSeconds,
    int idleFlushes,
    long sampleSeconds) {
  public static final SimSettings DEFAULT =
      new SimSettings(5, 5, 1, 300, 300, 7 * 24 * 3600, 4, 60);

  public SimSettings {
    Checks.requireArgument(driverStartupSeconds >= 0, "driverStartupSeconds < 0");
    Checks.requireArgument(batchSize >= 1, "batchSize < 1");
    Checks.requireArgument(batchDelaySeconds >= 1, "batchDelaySeconds < 1");
    Checks.requireArgument(flushSeconds >= 1, "flushSeconds < 1");
    Checks.requireArgument(stuckThresholdSeconds >= 1, "stuckThresholdSeconds < 1");
    Checks.requireArgument(horizonSeconds >= 1, "horizonSeconds < 1");
    Checks.requireArgument(idleFlushes >= 1, "idleFlushes < 1");
    Checks.requireArgument(sampleSeconds >= 1, "sampleSeconds < 1");
  }
}
