package io.muster.placement.strategy;

import io.muster.placement.model.Checks;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.policy.PlacementPolicy;
import java.util.List;
import java.util.Optional;

/**
 * What scoring or steering one pod of a gang needs: the gang, its reservation (empty before
 * admission), the nodes its extra executors (beyond the reserved slots) run on, the offered nodes
 * and the policy.
 */
public record ScoreRequest(
    GangSpec gang,
    Optional<Reservation> reservation,
    List<String> extraNodes,
    List<String> offeredNodes,
    PlacementPolicy policy) {
  public ScoreRequest {
    Checks.requireArgument(gang != null, "score request without gang");
    reservation = reservation == null ? Optional.empty() : reservation;
    extraNodes = List.copyOf(extraNodes);
    offeredNodes = List.copyOf(offeredNodes);
    Checks.requireArgument(policy != null, "gang %s: score request without policy", gang.id());
  }
}
