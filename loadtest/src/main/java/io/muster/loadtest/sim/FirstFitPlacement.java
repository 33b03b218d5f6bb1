package io.muster.loadtest.sim;

import io.muster.placement.model.Resources;
import java.util.Optional;

/**
 * Pod-by-pod scheduling without gangs, as the default scheduler does it for Spark: each pod goes to
 * the first node (in name order) whose free room fits it, whether or not the rest of its
 * application will ever fit.
 */
final class FirstFitPlacement implements PodPlacement {
  @Override
  public Optional<String> place(SimPod pod, SimCluster cluster, long now) {
    return cluster.firstFitting(pod.request);
  }

  @Override
  public void bound(SimPod pod, String node, long now) {}

  @Override
  public void appDone(AppRun app, long now) {}

  @Override
  public void tick(long now) {}

  @Override
  public Resources heldOn(String node) {
    return Resources.ZERO;
  }
}
