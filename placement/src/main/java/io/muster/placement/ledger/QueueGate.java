package io.muster.placement.ledger;

import io.muster.placement.PlacementRequest;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.policy.QueueDiscipline;
import io.muster.placement.strategy.GangPlanner;
import io.muster.placement.strategy.HeldRoom;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a gang that fits may pass the gangs waiting ahead of it in {@link QueueOrder}.
 * Each waiting gang is protected by its own policy's discipline:
 *
 * <ul>
 *   <li>{@code none}: it never holds anyone back.
 *   <li>{@code strict-fifo}: no gang ordered after it is admitted while it waits.
 *   <li>{@code backfill}: only the first backfill gang ahead (the head) is protected, as in EASY
 *       backfilling. A younger gang G may pass the head H only if reserving G does not reduce
 *       {@code largestFeasible(H)}, the number of executors (capped at H's minimum) that H's
 *       strategy could place beside H's driver on H's last offered nodes in the room free now, or
 *       -1 when no such node fits H's driver. So when H fits now it still fits after G, and when H
 *       does not fit, G only takes room H could not use now: admitting G leaves H exactly as close
 *       to admission as before. (It cannot promise more without job run times: room that frees
 *       later next to G's reservation might have completed H.)
 * </ul>
 *
 * <p>Only waiting gangs whose reason is resolvable hold their place; a gang that can never fit
 * (larger than the cluster, invalid, no eligible node) blocks nobody.
 */
final class QueueGate {
  private final GangPlanner planner;

  QueueGate(GangPlanner planner) {
    this.planner = planner;
  }

  /** Why {@code gang}, whose plan is {@code plan}, must wait; empty if it may be admitted. */
  Optional<String> blocker(
      GangSpec gang,
      Reservation plan,
      Collection<GangRecord> waiting,
      Map<String, NodeState> nodes,
      HeldRoom held,
      Instant now) {
    List<GangRecord> ahead = ahead(gang, waiting);
    boolean headSeen = false;
    for (GangRecord w : ahead) {
      QueueDiscipline discipline = w.policy.queue();
      if (discipline == QueueDiscipline.STRICT_FIFO) {
        return Optional.of(
            describe(ahead)
                + "; "
                + w.spec.id()
                + " waits first under strict-fifo ("
                + w.reason.tag()
                + ")");
      }
      if (discipline == QueueDiscipline.BACKFILL && !headSeen) {
        headSeen = true;
        PlacementRequest head = new PlacementRequest(w.spec, w.offered, w.policy, now);
        int before = planner.largestFeasible(head, nodes, held);
        int after = planner.largestFeasible(head, nodes, held.plus(plan));
        if (after < before) {
          return Optional.of(
              describe(ahead)
                  + "; admitting it would shrink the plan of "
                  + w.spec.id()
                  + ", first under backfill, from "
                  + before
                  + " to "
                  + after
                  + " executors");
        }
      }
    }
    return Optional.empty();
  }

  /** Queued gangs ordered before {@code gang}, in queue order. */
  static List<GangRecord> ahead(GangSpec gang, Collection<GangRecord> waiting) {
    return waiting.stream()
        .filter(w -> !w.spec.id().equals(gang.id()))
        .filter(w -> w.reason.resolvable())
        .filter(w -> QueueOrder.ORDER.compare(w.spec, gang) < 0)
        .sorted((a, b) -> QueueOrder.ORDER.compare(a.spec, b.spec))
        .toList();
  }

  private static String describe(List<GangRecord> ahead) {
    return "fits now, but waits behind "
        + ahead.size()
        + (ahead.size() == 1 ? " earlier application" : " earlier applications");
  }
}
