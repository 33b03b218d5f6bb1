package io.muster.extender.cluster;

import io.muster.placement.model.ClusterSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Read side of the informer-fed cluster view. Every method answers from memory (no API call) and
 * may be called from any thread; records are immutable.
 */
public interface ClusterView {
  /**
   * The latest immutable snapshot of nodes with the requests of their bound pods; reservations are
   * empty (the ledger adds them). The generation grows with every change of node room.
   */
  ClusterSnapshot snapshot();

  Optional<PodRecord> pod(String namespace, String name);

  /** The live pods labelled {@code spark-app-selector=appId} in {@code namespace}, any order. */
  List<PodRecord> podsOfApp(String namespace, String appId);

  /** Every pod in the view (a weakly consistent live view; for start-up recovery, not per call). */
  Collection<PodRecord> pods();

  /** A kept ConfigMap (see {@link ConfigMapSelection}); others are never kept. */
  Optional<ConfigMapRecord> configMap(String namespace, String name);

  /** A SparkApplication, when the Spark Operator's CRD exists and is watched. */
  Optional<SparkAppRecord> sparkApplication(String namespace, String name);

  /**
   * The consumer has applied the departure of {@code pod} (deleted or finished) to its own books:
   * from now on the pod's requests no longer count on its node (see {@link
   * ClusterIndex#holdDepartures}). Idempotent; nothing happens for a pod the view did not hold.
   */
  default void departureApplied(PodRecord pod) {}
}
