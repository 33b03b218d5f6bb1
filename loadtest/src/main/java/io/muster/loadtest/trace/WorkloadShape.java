package io.muster.loadtest.trace;

import io.muster.placement.model.Checks;

/**
 * What a synthetic Spark workload looks like: {@code apps} applications whose work keeps the
 * cluster's CPU {@code load} busy on average over the arrival span (Poisson arrivals); the shares
 * of large (executors asking for {@code largeMinShare}..{@code largeMaxShare} of the cluster's CPU)
 * and medium (8..24 executors) applications, the rest small (2..6); the shares of shuffle-heavy and
 * dynamic-allocation applications; and the median job duration (log-normal, σ = 0.8).
 */
public record WorkloadShape(
    int apps,
    double load,
    double largeShare,
    double mediumShare,
    double largeMinShare,
    double largeMaxShare,
    double shuffleHeavyShare,
    double dynamicAllocationShare,
    long medianDurationSeconds) {
  public static final WorkloadShape DEFAULT =
      new WorkloadShape(200, 0.9, 0.1, 0.3, 0.2, 0.55, 0.4, 0.25, 900);

  public WorkloadShape {
    Checks.requireArgument(apps >= 1, "apps %s < 1", apps);
    Checks.requireArgument(load > 0 && load <= 5, "load %s", load);
    Checks.requireArgument(
        largeShare >= 0 && mediumShare >= 0 && largeShare + mediumShare <= 1,
        "shares %s + %s",
        largeShare,
        mediumShare);
    Checks.requireArgument(
        largeMinShare > 0 && largeMaxShare >= largeMinShare && largeMaxShare <= 1,
        "large gang share %s..%s",
        largeMinShare,
        largeMaxShare);
    Checks.requireArgument(share(shuffleHeavyShare), "shuffle share %s", shuffleHeavyShare);
    Checks.requireArgument(
        share(dynamicAllocationShare), "dynalloc share %s", dynamicAllocationShare);
    Checks.requireArgument(medianDurationSeconds >= 60, "median %s s", medianDurationSeconds);
  }

  public WorkloadShape withApps(int n) {
    return new WorkloadShape(
        n,
        load,
        largeShare,
        mediumShare,
        largeMinShare,
        largeMaxShare,
        shuffleHeavyShare,
        dynamicAllocationShare,
        medianDurationSeconds);
  }

  private static boolean share(double s) {
    return s >= 0 && s <= 1;
  }
}
