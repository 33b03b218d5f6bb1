package io.muster.loadtest.sim;

import io.muster.placement.model.Checks;

/**
 * A simple cluster autoscaler, shaped like the Kubernetes one: when a pod has been unschedulable
 * for {@code pendingSeconds} and no scale-up is in flight, it bin-packs every unschedulable pod
 * first into the free room of existing nodes (by its own view: bound pods only, no extender) and
 * then onto new nodes of the cluster's shape, and adds that many nodes (up to {@code maxNodes})
 * after {@code provisionSeconds}. A node that stays empty (and holds no reservation) for {@code
 * scaleDownSeconds} is removed, never below the initial size.
 *
 * <p>{@code gangDemand}: the autoscaler also sees, for every waiting gang whose driver is pending,
 * placeholders for its minimum executors (as palantir's Demand objects or YuniKorn's placeholder
 * pods would show it). Muster does not publish such demand today; this variant shows what it would
 * change.
 */
public record AutoscalerSettings(
    long pendingSeconds,
    long provisionSeconds,
    int maxNodes,
    long scaleDownSeconds,
    boolean gangDemand) {
  public AutoscalerSettings {
    Checks.requireArgument(pendingSeconds >= 0, "pendingSeconds < 0");
    Checks.requireArgument(provisionSeconds >= 0, "provisionSeconds < 0");
    Checks.requireArgument(maxNodes >= 1, "maxNodes < 1");
    Checks.requireArgument(scaleDownSeconds >= 1, "scaleDownSeconds < 1");
  }

  public static AutoscalerSettings defaults(int maxNodes) {
    return new AutoscalerSettings(30, 120, maxNodes, 600, false);
  }

  public AutoscalerSettings withGangDemand(boolean on) {
    return new AutoscalerSettings(pendingSeconds, provisionSeconds, maxNodes, scaleDownSeconds, on);
  }
}
