package io.muster.placement;

import io.muster.placement.model.Checks;
import io.muster.placement.model.GangSpec;
import io.muster.placement.policy.PlacementPolicy;
import java.time.Instant;
import java.util.List;

/**
 * One admission question: may this gang be reserved now, with its driver on one of the nodes
 * kube-scheduler offered for it, under this policy; {@code now} stamps the reservation.
 */
public record PlacementRequest(
    GangSpec gang, List<String> offeredDriverNodes, PlacementPolicy policy, Instant now) {
  public PlacementRequest {
    Checks.requireArgument(gang != null, "request without gang");
    offeredDriverNodes = List.copyOf(offeredDriverNodes);
    Checks.requireArgument(policy != null, "gang %s: request without policy", gang.id());
    Checks.requireArgument(now != null, "gang %s: request without time", gang.id());
  }
}
