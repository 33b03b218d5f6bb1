package io.muster.placement.strategy;

import io.muster.placement.ExecutorDecision;
import io.muster.placement.ExecutorDecision.Extra;
import io.muster.placement.ExecutorDecision.Repair;
import io.muster.placement.ExecutorDecision.UseSlot;
import io.muster.placement.ExecutorDecision.Wait;
import io.muster.placement.Reason;
import io.muster.placement.model.Checks;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.strategy.NodeScorer.Locality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Decides where one executor pod of an admitted gang may go, in this order:
 *
 * <ol>
 *   <li>the pod already holds a slot (a retry): that slot again, or a move of it when its node was
 *       not offered;
 *   <li>{@link UseSlot}: the OPEN slot with the lowest index that sits on an offered node;
 *   <li>{@link Repair}: no offered node holds an OPEN slot: move the lowest OPEN slot to the
 *       offered node the constraints admit, with room for one executor beyond everything bound and
 *       held, that scores best (ties by name);
 *   <li>{@link Extra}: every slot is CLAIMED or BOUND, the gang has fewer than {@code maxExecutors}
 *       and the policy allows dynamic extras: the admitted offered nodes with free, unreserved room
 *       (never another gang's held room), best score first, ties in offered order;
 *   <li>{@link Wait} otherwise, with the reason.
 * </ol>
 *
 * <p>O(offered nodes + slots): the gang is never re-planned.
 */
public final class ExecutorPlacer {
  private final NodeScorer scorer;

  public ExecutorPlacer(NodeScorer scorer) {
    this.scorer = scorer;
  }

  /**
   * Decides for executor {@code pod}; {@code request.reservation()} must be present and {@code
   * held} must count every live reservation, the gang's own included.
   */
  public ExecutorDecision decide(
      String pod, ScoreRequest request, Map<String, NodeState> nodes, HeldRoom held) {
    return decide(pod, request, () -> nodes, held);
  }

  /**
   * {@link #decide(String, ScoreRequest, Map, HeldRoom)} with the nodes fetched only when the
   * decision needs room ({@link Repair}, {@link Extra}): using a slot on an offered node needs only
   * the reservation, and building a view of every node per executor pod is the O(nodes) cost this
   * avoids.
   */
  public ExecutorDecision decide(
      String pod, ScoreRequest request, Supplier<Map<String, NodeState>> nodes, HeldRoom held) {
    Checks.requireArgument(
        request.reservation().isPresent(), "gang %s has no reservation", request.gang().id());
    Reservation r = request.reservation().get();
    Optional<Slot> own =
        r.slots().stream().filter(s -> s.pod().equals(Optional.of(pod))).findFirst();
    if (own.isPresent()) {
      return retry(own.get(), request, nodes, held);
    }
    Map<String, Integer> openByNode = new HashMap<>();
    Slot firstOpen = null;
    for (Slot s : r.slots()) {
      if (s.state() == SlotState.OPEN) {
        openByNode.merge(s.node(), s.index(), Math::min);
        firstOpen = firstOpen == null ? s : firstOpen;
      }
    }
    if (firstOpen == null) {
      return extra(request, nodes.get(), held);
    }
    int best = Integer.MAX_VALUE;
    String bestNode = null;
    for (String name : request.offeredNodes()) {
      Integer index = openByNode.get(name);
      if (index != null && index < best) {
        best = index;
        bestNode = name;
      }
    }
    if (bestNode != null) {
      return new UseSlot(best, bestNode);
    }
    return repair(firstOpen, request, nodes.get(), held, new TreeSet<>(openByNode.keySet()));
  }

  private ExecutorDecision retry(
      Slot own, ScoreRequest request, Supplier<Map<String, NodeState>> nodes, HeldRoom held) {
    if (request.offeredNodes().contains(own.node())) {
      return new UseSlot(own.index(), own.node());
    }
    if (own.state() == SlotState.BOUND) {
      return new Wait(
          Reason.NO_ELIGIBLE_NODES,
          "the executor is already bound to " + own.node() + ", which was not offered");
    }
    return repair(own, request, nodes.get(), held, new TreeSet<>(List.of(own.node())));
  }

  private ExecutorDecision repair(
      Slot slot,
      ScoreRequest request,
      Map<String, NodeState> nodes,
      HeldRoom held,
      TreeSet<String> slotNodes) {
    Locality locality = Locality.of(request, nodes);
    Resources demand = request.gang().executor();
    String target = null;
    int targetScore = -1;
    for (String name : request.offeredNodes()) {
      NodeState node = nodes.get(name);
      if (node == null) {
        continue;
      }
      Resources h = held.on(name);
      // Room first: it is the cheaper test and rejects most nodes of a busy cluster.
      if (!Room.fits(demand, node, h) || !request.gang().executorConstraints().admits(node)) {
        continue;
      }
      int score = scorer.executorScore(request, locality, node, h);
      if (score > targetScore || (score == targetScore && name.compareTo(target) < 0)) {
        target = name;
        targetScore = score;
      }
    }
    if (target != null) {
      return new Repair(slot.index(), slot.node(), target);
    }
    String where = "its open slots are on " + abbreviated(slotNodes);
    return admittedCount(request, nodes) == 0
        ? new Wait(
            Reason.NO_ELIGIBLE_NODES,
            where + "; none of the " + request.offeredNodes().size() + " offered nodes admits it")
        : new Wait(
            Reason.INSUFFICIENT_CAPACITY,
            where + "; no offered node has room for one more executor (" + demand.describe() + ")");
  }

  private ExecutorDecision extra(
      ScoreRequest request, Map<String, NodeState> nodes, HeldRoom held) {
    Reservation r = request.reservation().orElseThrow();
    int executors = r.slots().size() + request.extraNodes().size();
    int max = request.gang().maxExecutors();
    if (executors >= max) {
      return new Wait(
          Reason.INSUFFICIENT_CAPACITY,
          "all "
              + r.slots().size()
              + " reserved slots are taken and the gang already has "
              + executors
              + " of at most "
              + max
              + " executors");
    }
    if (!request.policy().dynamicExtras()) {
      return new Wait(
          Reason.INSUFFICIENT_CAPACITY,
          "all "
              + r.slots().size()
              + " reserved slots are taken and the policy keeps extra"
              + " executors out of free room");
    }
    Locality locality = Locality.of(request, nodes);
    Resources demand = request.gang().executor();
    List<List<String>> byScore = new ArrayList<>(NodeScorer.MAX_SCORE + 1);
    for (int i = 0; i <= NodeScorer.MAX_SCORE; i++) {
      byScore.add(new ArrayList<>());
    }
    int found = 0;
    for (String name : request.offeredNodes()) {
      NodeState node = nodes.get(name);
      if (node == null) {
        continue;
      }
      Resources h = held.on(name);
      if (Room.fits(demand, node, h) && request.gang().executorConstraints().admits(node)) {
        byScore.get(scorer.executorScore(request, locality, node, h)).add(name);
        found++;
      }
    }
    if (found == 0) {
      return new Wait(
          Reason.INSUFFICIENT_CAPACITY,
          "all "
              + r.slots().size()
              + " reserved slots are taken; no offered node has free,"
              + " unreserved room for an extra executor ("
              + demand.describe()
              + ")");
    }
    List<String> ranked = new ArrayList<>(found);
    for (int s = NodeScorer.MAX_SCORE; s >= 0; s--) {
      ranked.addAll(byScore.get(s));
    }
    return new Extra(ranked);
  }

  /** Offered nodes the executors' constraints admit (only computed when nothing fits). */
  private static int admittedCount(ScoreRequest request, Map<String, NodeState> nodes) {
    int admitted = 0;
    for (String name : request.offeredNodes()) {
      NodeState node = nodes.get(name);
      if (node != null && request.gang().executorConstraints().admits(node)) {
        admitted++;
      }
    }
    return admitted;
  }

  private static String abbreviated(TreeSet<String> names) {
    List<String> first = names.stream().limit(3).toList();
    String more = names.size() > 3 ? " and " + (names.size() - 3) + " more" : "";
    return String.join(", ", first) + more;
  }
}
