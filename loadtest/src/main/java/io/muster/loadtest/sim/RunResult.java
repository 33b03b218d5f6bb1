package io.muster.loadtest.sim;

import java.util.List;

/**
 * The metrics of one simulated run of one contender on one trace. Times are seconds unless the name
 * says otherwise; averages over completed applications ignore the others, which {@code completed}
 * and {@code deadlocked} count. {@code makespanSeconds} is -1 when some application never
 * completed. Utilization is CPU-time over capacity-time up to the last completion (or the end of
 * the run): {@code usefulUtilization} counts only pods of applications whose job runs, {@code
 * allocatedUtilization} every bound pod.
 */
public record RunResult(
    String contender,
    boolean autoscaled,
    int apps,
    int completed,
    int deadlocked,
    int neverStarted,
    int stuck,
    double driverCoreHoursWaiting,
    double executorCoreHoursIdle,
    double meanCompletionSeconds,
    double p95CompletionSeconds,
    double makespanSeconds,
    double endSeconds,
    double usefulUtilization,
    double allocatedUtilization,
    double meanNodesPerApp,
    double meanCrossZoneShare,
    double meanCrossZoneShareShuffleHeavy,
    int scaleUpEvents,
    int nodesAdded,
    int peakNodes,
    double meanScaleUpsPerScaledApp,
    int appsScaledTwiceOrMore,
    List<AppOutcome> outcomes,
    List<UsageSample> samples) {
  public RunResult {
    outcomes = List.copyOf(outcomes);
    samples = List.copyOf(samples);
  }

  public boolean allCompleted() {
    return completed == apps;
  }
}
