package io.muster.loadtest.sim;

import io.muster.placement.model.Resources;
import java.util.Optional;

/**
 * How one contender decides where a pending pod goes, called once per pod per scheduling pass in
 * kube-scheduler's queue order. Every call is serialized and carries the simulated time.
 */
interface PodPlacement {
  /** The node to bind {@code pod} to now, or empty if it stays pending. */
  Optional<String> place(SimPod pod, SimCluster cluster, long now);

  /** {@code pod} was bound to {@code node} (the cluster already counts it). */
  void bound(SimPod pod, String node, long now);

  /** The application finished; its pods are already gone from the cluster. */
  void appDone(AppRun app, long now);

  /** Start of a scheduling pass: apply whatever timeouts are due. */
  void tick(long now);

  /** Room held on {@code node} beyond bound pods (reservations); zero for pod-by-pod schedulers. */
  Resources heldOn(String node);
}
