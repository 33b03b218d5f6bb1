package io.muster.placement.strategy;

import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.PlacementRequest;
import io.muster.placement.Placer;
import io.muster.placement.Reason;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The admission planner: reserves driver + {@code minExecutors} executors with the policy's packing
 * strategy, or explains with numbers why not. Stateless, so one instance may be shared; it never
 * applies a queue discipline (that is the ledger's job).
 *
 * <p>Cost: one pass over the nodes to count how many executors fit on each, then one sort of the
 * nodes that can take executors; failures cost two more passes (the largest feasible plan now, and
 * on an empty cluster).
 */
public final class GangPlanner implements Placer {

  @Override
  public PlacementDecision place(PlacementRequest request, ClusterSnapshot snapshot) {
    return place(
        request, snapshot.nodes(), HeldRoom.of(snapshot.reservations(), request.gang().id()));
  }

  /**
   * Plans against {@code nodes} with {@code held} as the room other reservations hold (the gang's
   * own reservation must not be in it).
   */
  public PlacementDecision place(
      PlacementRequest request, Map<String, NodeState> nodes, HeldRoom held) {
    GangSpec gang = request.gang();
    Optional<String> invalid = invalidity(gang);
    if (invalid.isPresent()) {
      return new Unschedulable(Reason.INVALID_GANG_SPEC, invalid.get());
    }
    RoomTable table = RoomTable.free(gang, request.offeredDriverNodes(), nodes, held);
    Optional<Unschedulable> ineligible = ineligibility(request, table);
    if (ineligible.isPresent()) {
      return ineligible.get();
    }
    Packer packer = Packer.of(request.policy().strategy());
    Layout layout = packer.plan(table);
    if (layout != null) {
      return new Placed(layout.toReservation(table, gang, request.now()));
    }
    RoomTable empty = RoomTable.empty(gang, request.offeredDriverNodes(), nodes);
    int largestEmpty = packer.largestFeasible(empty);
    if (largestEmpty < gang.minExecutors()) {
      return new Unschedulable(
          Reason.GANG_EXCEEDS_CLUSTER, exceedsMessage(request, empty, largestEmpty));
    }
    int largest = packer.largestFeasible(table);
    return new Unschedulable(Reason.INSUFFICIENT_CAPACITY, insufficientMessage(request, largest));
  }

  /**
   * The most executors (at most {@code minExecutors}) a plan of the gang's strategy could hold
   * beside its driver in the room {@code nodes} and {@code held} leave; -1 when no offered node has
   * room for the driver. Used to check that admitting one gang does not shrink what another could
   * get (backfill).
   */
  public int largestFeasible(
      PlacementRequest request, Map<String, NodeState> nodes, HeldRoom held) {
    if (invalidity(request.gang()).isPresent()) {
      return -1;
    }
    RoomTable table = RoomTable.free(request.gang(), request.offeredDriverNodes(), nodes, held);
    return Packer.of(request.policy().strategy()).largestFeasible(table);
  }

  /**
   * A new node for the unbound driver of {@code reservation} when kube-scheduler no longer offers
   * the reserved one: an offered node with room for the driver beyond bound pods and {@code held}
   * (and in the executors' zone under single-zone), fullest first (emptiest first under
   * distribute-evenly), ties by name. Empty when none has room.
   */
  public Optional<String> relocateDriver(
      Reservation reservation,
      List<String> offered,
      Map<String, NodeState> nodes,
      HeldRoom held,
      PlacementPolicy policy) {
    Resources driver = reservation.gang().driver().orElseThrow();
    Optional<String> zone =
        policy.strategy() == PackingStrategy.SINGLE_ZONE
            ? reservation.slots().stream()
                .map(s -> nodes.get(s.node()))
                .filter(Objects::nonNull)
                .map(NodeState::zone)
                .findFirst()
            : Optional.empty();
    boolean emptiestFirst = policy.strategy() == PackingStrategy.DISTRIBUTE_EVENLY;
    String best = null;
    double bestUsed = 0;
    for (String name : offered) {
      NodeState node = nodes.get(name);
      if (node == null
          || node.unschedulable()
          || zone.filter(z -> !z.equals(node.zone())).isPresent()
          || !Room.fits(driver, node, held.on(name))) {
        continue;
      }
      double used = Room.usedShareAfter(driver, node, held.on(name));
      boolean better =
          best == null
              || (emptiestFirst ? used < bestUsed : used > bestUsed)
              || (used == bestUsed && name.compareTo(best) < 0);
      if (better) {
        best = name;
        bestUsed = used;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Optional<String> invalidity(GangSpec gang) {
    if (gang.driver().isPresent() && gang.driver().get().pods() != 1) {
      return Optional.of(
          String.format(
              "gang %s: the driver's demand counts %d pods; a pod's demand counts exactly 1",
              gang.id(), gang.driver().get().pods()));
    }
    if (gang.maxExecutors() > 0 && gang.executor().pods() != 1) {
      return Optional.of(
          String.format(
              "gang %s: the executor's demand counts %d pods; a pod's demand counts exactly 1",
              gang.id(), gang.executor().pods()));
    }
    if (gang.driver().isEmpty() && gang.minExecutors() == 0) {
      return Optional.of(
          String.format("gang %s has neither a driver nor a minimum of executors", gang.id()));
    }
    return Optional.empty();
  }

  private static Optional<Unschedulable> ineligibility(PlacementRequest request, RoomTable t) {
    GangSpec gang = request.gang();
    if (gang.driver().isPresent() && t.offeredKnown == 0) {
      return Optional.of(
          new Unschedulable(
              Reason.NO_ELIGIBLE_NODES,
              request.offeredDriverNodes().isEmpty()
                  ? "no node was offered for the driver"
                  : String.format(
                      "none of the %d nodes offered for the driver is in the cluster view",
                      request.offeredDriverNodes().size())));
    }
    if (gang.minExecutors() > 0 && t.executorEligible == 0) {
      return Optional.of(
          new Unschedulable(
              Reason.NO_ELIGIBLE_NODES,
              "no schedulable node admits the executors (node selector, required affinity and"
                  + " tolerations)"));
    }
    return Optional.empty();
  }

  private static String needs(GangSpec gang) {
    return "needs " + gang.minimumDemand().describe() + " for " + members(gang);
  }

  static String members(GangSpec gang) {
    String executors =
        gang.minExecutors() + (gang.minExecutors() == 1 ? " executor" : " executors");
    return gang.driver().isPresent() ? "1 driver + " + executors : executors;
  }

  private static String insufficientMessage(PlacementRequest request, int largest) {
    GangSpec gang = request.gang();
    String scope = scope(request);
    if (largest < 0) {
      return needs(gang)
          + "; no offered node has free room for the driver ("
          + gang.driver().orElse(Resources.ZERO).describe()
          + ")"
          + scope;
    }
    return needs(gang)
        + "; the largest feasible"
        + (request.policy().strategy() == PackingStrategy.SINGLE_ZONE ? " single-zone" : "")
        + " plan holds "
        + largest
        + (largest == 1 ? " executor" : " executors");
  }

  private static String exceedsMessage(PlacementRequest request, RoomTable empty, int largest) {
    GangSpec gang = request.gang();
    String prefix = needs(gang) + "; even with no pods and no reservations, ";
    if (largest < 0) {
      return prefix
          + "no offered node can hold the driver ("
          + gang.driver().orElse(Resources.ZERO).describe()
          + ")"
          + scope(request);
    }
    return prefix
        + "the "
        + empty.executorEligible
        + " nodes that admit the executors hold at most "
        + largest
        + (largest == 1 ? " executor" : " executors")
        + scope(request);
  }

  private static String scope(PlacementRequest request) {
    return switch (request.policy().strategy()) {
      case SINGLE_ZONE -> " in any one zone";
      default -> "";
    };
  }
}
