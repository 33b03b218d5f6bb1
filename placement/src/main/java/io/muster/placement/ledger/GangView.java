package io.muster.placement.ledger;

import io.muster.placement.model.GangPhase;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.policy.PlacementPolicy;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only copy of one live gang of the ledger: exactly one of {@code reservation} (RESERVED,
 * DRIVER_BOUND, COMPLETE) and {@code waiting} (WAITING) is present; {@code extraExecutors} maps
 * each executor beyond the reserved slots that is bound to its node; {@code assumedExtras} maps
 * each extra executor Muster steered but has not seen bound yet to the node whose room it holds.
 */
public record GangView(
    GangSpec gang,
    GangPhase phase,
    PlacementPolicy policy,
    Optional<Reservation> reservation,
    Optional<WaitingGang> waiting,
    Map<String, String> extraExecutors,
    Map<String, String> assumedExtras) {
  public GangView {
    extraExecutors = Map.copyOf(extraExecutors);
    assumedExtras = Map.copyOf(assumedExtras);
  }
}
