package io.muster.extender.cluster;

import io.muster.placement.model.NodeState;
import java.util.Optional;

/**
 * Told about changes after the cluster view has applied them (so the view already shows the new
 * state). Called on informer threads, one thread per resource kind, in event order per kind:
 * implementations must only do cheap, non-blocking work (typically hand the event to the
 * coordinator's own thread). An exception thrown here is logged and does not stop the informer.
 */
public interface ClusterListener {
  /** A pod appeared ({@code previous} empty) or changed. */
  default void podChanged(Optional<PodRecord> previous, PodRecord current) {}

  /** A pod is gone from the API (watch delete, or missing from a relist). */
  default void podDeleted(PodRecord last) {}

  /**
   * A node appeared, changed (labels, taints, cordon, allocatable) or was deleted ({@code current}
   * empty). Node states carry the bound requests at the time of the event.
   */
  default void nodeChanged(Optional<NodeState> previous, Optional<NodeState> current) {}

  /** A kept ConfigMap appeared or changed (Spark driver/template ConfigMap, or the policy). */
  default void configMapChanged(ConfigMapRecord current) {}

  default void configMapDeleted(ConfigMapRecord last) {}

  default void sparkApplicationChanged(SparkAppRecord current) {}

  default void sparkApplicationDeleted(SparkAppRecord last) {}

  /** Every required informer has listed once; called once, after the initial adds. */
  default void synced() {}

  /**
   * Whether this listener applies every executor pod's departure to books of its own and then calls
   * {@link ClusterView#departureApplied}: the view then keeps counting a departed executor's
   * requests on its node until that call (see {@link ClusterIndex#holdDepartures}).
   */
  default boolean settlesDepartures() {
    return false;
  }
}
