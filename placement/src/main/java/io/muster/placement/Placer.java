package io.muster.placement;

import io.muster.placement.model.ClusterSnapshot;

/** Plans one gang against one snapshot: pure, and deterministic for equal inputs. */
public interface Placer {
  /**
   * Reserves the whole minimum gang on nodes whose free room (the snapshot's allocatable minus
   * bound requests minus every other live reservation) fits it, or says why not.
   */
  PlacementDecision place(PlacementRequest request, ClusterSnapshot snapshot);
}
