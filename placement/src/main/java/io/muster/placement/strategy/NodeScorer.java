package io.muster.placement.strategy;

import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.policy.PlacementPolicy;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scores offered nodes 0..10 for one pod of a gang (kube-scheduler's extender priority range).
 * Every offered node gets a score, in offered order; a node missing from the snapshot scores 0.
 *
 * <ul>
 *   <li>Driver: the reserved driver node scores 10 and every other node 0; before admission the
 *       strategy's base score (below) is used.
 *   <li>Executor: a node holding an OPEN or CLAIMED slot of the gang scores 10. Every other node
 *       scores {@code min(9, round(((10 - w) * base + w * locality) / 10))} with {@code w} the
 *       policy's shuffle weight and locality 10 on a node already holding the gang's executors
 *       (slots or extras), 5 in a zone holding them, else 0.
 *   <li>Base (the pod's demand added to bound pods and held room; a node it does not fit scores 0),
 *       from the used share {@code u} = the larger of CPU and memory in use after placing:
 *       tightly-pack {@code 10u}; distribute-evenly {@code 10(1-u)}; minimal-fragmentation 10 when
 *       the pod leaves too little room for another like it, else {@code 10u}; single-zone {@code
 *       10u} inside the zone of the gang's reservation and 0 outside it.
 * </ul>
 */
public final class NodeScorer {
  public static final int MAX_SCORE = 10;

  /** Scores for the gang's driver; {@code reservation} is empty before admission. */
  public Map<String, Integer> scoreDriver(
      ScoreRequest request, Map<String, NodeState> nodes, HeldRoom held) {
    Optional<String> reserved = request.reservation().flatMap(Reservation::driverNode);
    Resources demand = request.gang().driver().orElse(Resources.ZERO);
    Optional<String> zone = reservationZone(request.reservation(), nodes);
    Map<String, Integer> scores = new LinkedHashMap<>();
    for (String name : request.offeredNodes()) {
      NodeState node = nodes.get(name);
      int score;
      if (reserved.isPresent()) {
        score = reserved.get().equals(name) ? MAX_SCORE : 0;
      } else {
        score = node == null ? 0 : base(request.policy(), demand, node, held.on(name), zone);
      }
      scores.put(name, score);
    }
    return scores;
  }

  /** Scores for one executor of the gang. */
  public Map<String, Integer> scoreExecutor(
      ScoreRequest request, Map<String, NodeState> nodes, HeldRoom held) {
    Locality locality = Locality.of(request, nodes);
    Map<String, Integer> scores = new LinkedHashMap<>();
    for (String name : request.offeredNodes()) {
      NodeState node = nodes.get(name);
      scores.put(name, node == null ? 0 : executorScore(request, locality, node, held.on(name)));
    }
    return scores;
  }

  /** One executor's score on one node (used by {@link ExecutorPlacer} to rank nodes). */
  int executorScore(ScoreRequest request, Locality locality, NodeState node, Resources held) {
    if (locality.slotNodes.contains(node.name())) {
      return MAX_SCORE;
    }
    Resources demand = request.gang().executor();
    int base =
        Room.fits(demand, node, held)
            ? fittingBase(request.policy(), demand, node, held, locality.zone)
            : 0;
    int w = request.policy().shuffleWeight();
    int near = w == 0 ? 0 : locality.nearness(node);
    return Math.min(MAX_SCORE - 1, Math.round(((10 - w) * base + w * near) / 10f));
  }

  private static int base(
      PlacementPolicy policy,
      Resources demand,
      NodeState node,
      Resources held,
      Optional<String> gangZone) {
    return Room.fits(demand, node, held) ? fittingBase(policy, demand, node, held, gangZone) : 0;
  }

  /** The strategy's score for a pod known to fit. */
  private static int fittingBase(
      PlacementPolicy policy,
      Resources demand,
      NodeState node,
      Resources held,
      Optional<String> gangZone) {
    double used = Room.usedShareAfter(demand, node, held);
    int tight = (int) Math.round(10 * used);
    return switch (policy.strategy()) {
      case TIGHTLY_PACK -> tight;
      case DISTRIBUTE_EVENLY -> (int) Math.round(10 * (1 - used));
      case MINIMAL_FRAGMENTATION -> Room.fitsTwice(demand, node, held) ? tight : MAX_SCORE;
      case SINGLE_ZONE -> gangZone.isEmpty() || gangZone.get().equals(node.zone()) ? tight : 0;
    };
  }

  private static Optional<String> reservationZone(
      Optional<Reservation> reservation, Map<String, NodeState> nodes) {
    if (reservation.isEmpty()) {
      return Optional.empty();
    }
    Reservation r = reservation.get();
    Optional<String> anyNode =
        r.driverNode().or(() -> r.slots().stream().map(Slot::node).findFirst());
    return anyNode.map(nodes::get).map(NodeState::zone);
  }

  /** Where the gang's executors are or will be: computed once per decision, O(slots). */
  static final class Locality {
    final Set<String> slotNodes = new HashSet<>();
    final Set<String> executorNodes = new HashSet<>();
    final Set<String> executorZones = new HashSet<>();
    Optional<String> zone = Optional.empty();

    static Locality of(ScoreRequest request, Map<String, NodeState> nodes) {
      Locality l = new Locality();
      request
          .reservation()
          .ifPresent(
              r -> {
                for (Slot s : r.slots()) {
                  l.executorNodes.add(s.node());
                  if (s.state() != SlotState.BOUND) {
                    l.slotNodes.add(s.node());
                  }
                }
              });
      l.executorNodes.addAll(request.extraNodes());
      for (String name : l.executorNodes) {
        NodeState n = nodes.get(name);
        if (n != null && !n.zone().isEmpty()) {
          l.executorZones.add(n.zone());
        }
      }
      l.zone = reservationZone(request.reservation(), nodes);
      return l;
    }

    /** 10 on a node holding the gang's executors, 5 in a zone holding them, else 0. */
    int nearness(NodeState node) {
      if (executorNodes.contains(node.name())) {
        return 10;
      }
      return !executorZones.isEmpty() && executorZones.contains(node.zone()) ? 5 : 0;
    }
  }
}
