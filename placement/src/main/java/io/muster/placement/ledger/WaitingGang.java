package io.muster.placement.ledger;

import io.muster.placement.Reason;
import io.muster.placement.model.GangSpec;
import io.muster.placement.policy.PlacementPolicy;
import java.time.Instant;
import java.util.List;

/**
 * A gang the ledger knows but has not admitted: why it waits (with numbers), since when, when its
 * driver last asked, and the nodes offered for its driver then.
 */
public record WaitingGang(
    GangSpec gang,
    PlacementPolicy policy,
    Reason reason,
    String message,
    Instant since,
    Instant lastAsked,
    List<String> offeredDriverNodes) {
  public WaitingGang {
    offeredDriverNodes = List.copyOf(offeredDriverNodes);
  }

  /** Whether this gang holds its place in the queue (it may be admitted once room frees up). */
  public boolean queued() {
    return reason.resolvable();
  }
}
