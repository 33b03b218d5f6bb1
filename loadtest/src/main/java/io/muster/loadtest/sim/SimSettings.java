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
 *
 * <p>When a job starts: by default only once all its minimum executors run ({@code
 * minRegisteredRatio} 1, {@code maxRegisteredWaitSeconds} 0 = no deadline), the all-or-nothing
 * model where a partial gang never progresses. {@link #withSparkStartRule()} uses Spark's own rule
 * instead: tasks start once 80 % of the executors registered ({@code
 * spark.scheduler.minRegisteredResourcesRatio} on Kubernetes) or 30 s after the driver asked for
 * them ({@code maxRegisteredResourcesWaitingTime}), with at least one executor; the job then runs
 * at the rate of the executors it has.
 */
public record SimSettings(
    long driverStartupSeconds,
    int batchSize,
    long batchDelaySeconds,
    long flushSeconds,
    long stuckThresholdSeconds,
    long horizonSeconds,
    int idleFlushes,
    long sampleSeconds,
    double minRegisteredRatio,
    long maxRegisteredWaitSeconds) {
  public static final SimSettings DEFAULT =
      new SimSettings(5, 5, 1, 300, 300, 7 * 24 * 3600, 4, 60, 1.0, 0);

  public SimSettings {
    Checks.requireArgument(driverStartupSeconds >= 0, "driverStartupSeconds < 0");
    Checks.requireArgument(batchSize >= 1, "batchSize < 1");
    Checks.requireArgument(batchDelaySeconds >= 1, "batchDelaySeconds < 1");
    Checks.requireArgument(flushSeconds >= 1, "flushSeconds < 1");
    Checks.requireArgument(stuckThresholdSeconds >= 1, "stuckThresholdSeconds < 1");
    Checks.requireArgument(horizonSeconds >= 1, "horizonSeconds < 1");
    Checks.requireArgument(idleFlushes >= 1, "idleFlushes < 1");
    Checks.requireArgument(sampleSeconds >= 1, "sampleSeconds < 1");
    Checks.requireArgument(
        minRegisteredRatio > 0 && minRegisteredRatio <= 1, "minRegisteredRatio not in (0, 1]");
    Checks.requireArgument(maxRegisteredWaitSeconds >= 0, "maxRegisteredWaitSeconds < 0");
  }

  /** Spark's start rule: 80 % of the executors, or 30 s with at least one. */
  public SimSettings withSparkStartRule() {
    return new SimSettings(
        driverStartupSeconds,
        batchSize,
        batchDelaySeconds,
        flushSeconds,
        stuckThresholdSeconds,
        horizonSeconds,
        idleFlushes,
        sampleSeconds,
        0.8,
        30);
  }

  /** Executors a job needs before its tasks start without the deadline. */
  int executorsToStart(int minExecutors) {
    return Math.max(1, (int) Math.ceil(minRegisteredRatio * minExecutors - 1e-9));
  }
}
