package io.muster.placement.ledger;

import io.muster.placement.ExecutorDecision;
import io.muster.placement.ExecutorDecision.Extra;
import io.muster.placement.ExecutorDecision.Repair;
import io.muster.placement.ExecutorDecision.UseSlot;
import io.muster.placement.ExecutorDecision.Wait;
import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.PlacementRequest;
import io.muster.placement.Reason;
import io.muster.placement.model.Checks;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangPhase;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.strategy.ExecutorPlacer;
import io.muster.placement.strategy.GangPlanner;
import io.muster.placement.strategy.HeldRoom;
import io.muster.placement.strategy.NodeScorer;
import io.muster.placement.strategy.ScoreRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The one mutable state machine of gangs: which gangs wait (and why), which hold reservations, and
 * which slots their executors claimed or bound. Admission is serialized through it, so two gangs
 * never hold partial reservations: every reservation it records is a whole minimum gang planned
 * against the room all other live reservations leave.
 *
 * <p>Not thread-safe: callers serialize every call (one ordered worker), as kube-scheduler's cache
 * does. No call reads a clock; time comes in as {@code now}. Phases follow {@link GangPhase}; a
 * gang leaves the ledger when it reaches EXPIRED or RELEASED.
 *
 * <p>Decisions use the snapshot's nodes (allocatable, bound requests, labels) and the ledger's own
 * reservations; the snapshot's {@code reservations()} are ignored. Call {@link
 * #observeExecutorBound}, {@link #observeDriverBound} and {@link #releaseExecutor} in the same
 * serialized step that makes later snapshots show the change, so that no room is counted as free
 * twice.
 */
public final class GangLedger {
  /** How long a waiting gang is remembered when its driver does not ask again. */
  public static final Duration DEFAULT_WAITING_TTL = Duration.ofMinutes(15);

  private final GangPlanner planner = new GangPlanner();
  private final NodeScorer scorer = new NodeScorer();
  private final ExecutorPlacer executors = new ExecutorPlacer(scorer);
  private final QueueGate gate = new QueueGate(planner);
  private final Duration waitingTtl;
  private final Map<GangId, GangRecord> gangs = new HashMap<>();
  private final Holdings holdings = new Holdings();

  public GangLedger() {
    this(DEFAULT_WAITING_TTL);
  }

  /** A ledger that forgets a waiting gang whose driver has not asked for {@code waitingTtl}. */
  public GangLedger(Duration waitingTtl) {
    Checks.requireArgument(
        waitingTtl != null && waitingTtl.isPositive(), "waiting TTL must be > 0: %s", waitingTtl);
    this.waitingTtl = waitingTtl;
  }

  // ---- admission ----------------------------------------------------------------------------

  /**
   * Admits the gang of a driver offered {@code offeredNodes}, or records why it waits. A gang that
   * already holds a reservation gets the same {@link Placed} back (kube-scheduler retries the same
   * driver). Otherwise the gang is planned with its policy's strategy against {@code nodes} and the
   * ledger's reservations, then gated by the queue ({@link QueueGate}: each waiting gang ahead is
   * protected by its own policy's discipline). Placed → RESERVED (a gang without driver goes on to
   * DRIVER_BOUND); Unschedulable → WAITING with reason, message and since.
   */
  public PlacementDecision admit(
      GangSpec gang,
      List<String> offeredNodes,
      PlacementPolicy policy,
      ClusterSnapshot nodes,
      Instant now) {
    GangRecord existing = gangs.get(gang.id());
    if (existing != null && existing.phase.holdsReservation()) {
      return readmit(existing, offeredNodes, policy, nodes, now);
    }
    PlacementDecision decision =
        gated(new PlacementRequest(gang, offeredNodes, policy, now), nodes);
    GangRecord record =
        existing != null ? existing : new GangRecord(gang, policy, GangPhase.WAITING);
    record.spec = gang;
    record.policy = policy;
    record.offered = List.copyOf(offeredNodes);
    record.lastAsked = now;
    gangs.put(gang.id(), record);
    switch (decision) {
      case Placed p -> {
        record.moveTo(GangPhase.RESERVED);
        record.setReservation(p.reservation(), holdings, now);
        if (gang.driver().isEmpty()) {
          record.driverBound(Optional.empty(), holdings, now);
        }
        return new Placed(record.requireReservation());
      }
      case Unschedulable u -> {
        record.waitingSince = record.reason == null ? now : record.waitingSince;
        record.reason = u.reason();
        record.message = u.message();
        return u;
      }
    }
  }

  /**
   * The driver of an admitted gang asks again. Normally the same {@link Placed} comes back; if its
   * unbound driver's reserved node is no longer offered, the driver's hold moves to an offered node
   * with room (a new reservation, which the caller persists), or the answer is {@link
   * Unschedulable} with the reservation kept until its driver deadline.
   */
  private PlacementDecision readmit(
      GangRecord record,
      List<String> offeredNodes,
      PlacementPolicy policy,
      ClusterSnapshot nodes,
      Instant now) {
    Reservation r = record.requireReservation();
    if (record.phase != GangPhase.RESERVED
        || r.driverNode().isEmpty()
        || offeredNodes.contains(r.driverNode().get())) {
      return new Placed(r);
    }
    Optional<String> moved =
        planner.relocateDriver(r, offeredNodes, nodes.nodes(), holdings, policy);
    if (moved.isEmpty()) {
      return new Unschedulable(
          Reason.INSUFFICIENT_CAPACITY,
          "the driver's reserved node "
              + r.driverNode().get()
              + " was not offered and no offered node has room for the driver ("
              + record.spec.driver().orElseThrow().describe()
              + ")");
    }
    Reservation relocated = new Reservation(r.gang(), moved, false, r.slots(), r.reservedAt());
    record.setReservation(relocated, holdings, now);
    return new Placed(relocated);
  }

  private PlacementDecision gated(PlacementRequest request, ClusterSnapshot nodes) {
    PlacementDecision decision = planner.place(request, nodes.nodes(), holdings);
    List<GangRecord> waiting = waitingRecords();
    if (decision instanceof Placed placed) {
      Optional<String> blocker =
          gate.blocker(
              request.gang(),
              placed.reservation(),
              waiting,
              nodes.nodes(),
              holdings,
              request.now());
      return blocker.isPresent()
          ? new Unschedulable(Reason.EARLIER_GANG_FIRST, blocker.get())
          : decision;
    }
    Unschedulable u = (Unschedulable) decision;
    int ahead = QueueGate.ahead(request.gang(), waiting).size();
    if (!u.reason().resolvable() || ahead == 0) {
      return u;
    }
    return new Unschedulable(
        u.reason(),
        u.message()
            + "; waiting behind "
            + ahead
            + (ahead == 1 ? " earlier application" : " earlier applications"));
  }

  /**
   * Withdraws an admission whose reservation could not be persisted: RESERVED → WAITING, all its
   * room is free again, and the gang keeps its place in the queue until its driver asks again. A
   * gang without driver (already DRIVER_BOUND at admission, no executor bound yet) is released
   * instead: its executors will ask again. Returns the withdrawn reservation, if any.
   */
  public Optional<Reservation> abandon(GangId gang, Instant now) {
    GangRecord record = gangs.get(gang);
    if (record == null || !record.phase.holdsReservation()) {
      return Optional.empty();
    }
    Reservation withdrawn = record.requireReservation();
    if (record.phase == GangPhase.RESERVED) {
      record.moveTo(GangPhase.WAITING);
      record.forgetAllAssumed(holdings);
      record.setReservation(null, holdings, now);
      record.waitingSince = now;
      record.reason = Reason.GANG_NOT_ADMITTED;
      record.message = "the admission was withdrawn because its reservation was not persisted";
      return Optional.of(withdrawn);
    }
    boolean untouched =
        record.spec.driver().isEmpty()
            && !record.hasExtras()
            && withdrawn.slots().stream().allMatch(s -> s.pod().isEmpty());
    return untouched ? release(gang) : Optional.empty();
  }

  /**
   * The gang is gone (driver deleted or finished): any live phase → RELEASED and the gang leaves
   * the ledger. Returns the reservation whose held room is now free again, if it had one.
   */
  public Optional<Reservation> release(GangId gang) {
    GangRecord record = gangs.remove(gang);
    if (record == null) {
      return Optional.empty();
    }
    Optional<Reservation> held = record.reservation();
    record.moveTo(GangPhase.RELEASED);
    record.forgetAllAssumed(holdings);
    held.ifPresent(r -> holdings.remove(r));
    return held;
  }

  /**
   * Rebuilds a gang from a persisted reservation after a restart: RESERVED, or DRIVER_BOUND /
   * COMPLETE when its driver is bound (or it has none). Slot clocks restart at {@code now}. Refuses
   * a reservation for a gang that already holds one, and a pod holding two slots.
   */
  public GangPhase restore(Reservation reservation, PlacementPolicy policy, Instant now) {
    GangId id = reservation.id();
    GangRecord existing = gangs.get(id);
    Checks.requireState(
        existing == null || !existing.phase.holdsReservation(),
        "gang %s already holds a reservation",
        id);
    Set<String> pods = new HashSet<>();
    for (Slot s : reservation.slots()) {
      s.pod()
          .ifPresent(
              p -> Checks.requireArgument(pods.add(p), "gang %s: pod %s holds two slots", id, p));
    }
    GangRecord record = new GangRecord(reservation.gang(), policy, GangPhase.WAITING);
    record.lastAsked = now;
    record.moveTo(GangPhase.RESERVED);
    record.setReservation(reservation, holdings, now);
    gangs.put(id, record);
    if (reservation.driverBound() || reservation.gang().driver().isEmpty()) {
      record.driverBound(reservation.driverNode(), holdings, now);
    }
    return record.phase;
  }

  // ---- executors ----------------------------------------------------------------------------

  /**
   * Where executor {@code pod} of {@code gang} may go among {@code offeredNodes} (see {@link
   * ExecutorPlacer}); changes nothing. A pod that already holds a slot gets that slot again; an
   * extra executor already assumed on an offered node gets that node first (the room it holds there
   * counts as its own). A gang without reservation answers {@link Wait} with {@link
   * Reason#GANG_NOT_ADMITTED}. {@code now} is not used by the decision; it keeps the signature
   * equal to {@link #steerAndClaim}.
   */
  public ExecutorDecision steer(
      GangId gang,
      String pod,
      List<String> offeredNodes,
      ClusterSnapshot nodes,
      PlacementPolicy policy,
      Instant now) {
    return steer(gang, pod, offeredNodes, () -> nodes, policy, now);
  }

  /**
   * {@link #steer(GangId, String, List, ClusterSnapshot, PlacementPolicy, Instant)} that asks for
   * the snapshot only when the decision needs room: an executor using an open slot on an offered
   * node (the common case) needs only the reservation, and a snapshot of every node per executor
   * pod is what made this O(nodes).
   */
  public ExecutorDecision steer(
      GangId gang,
      String pod,
      List<String> offeredNodes,
      Supplier<ClusterSnapshot> nodes,
      PlacementPolicy policy,
      Instant now) {
    GangRecord record = gangs.get(gang);
    if (record == null || !record.phase.holdsReservation()) {
      return new Wait(
          Reason.GANG_NOT_ADMITTED,
          record == null
              ? "gang " + gang + " is not admitted: its driver has not been scheduled by Muster"
              : "gang " + gang + " is not admitted yet: " + record.message);
    }
    Optional<String> assumed = record.assumedNode(pod);
    HeldRoom held =
        assumed.isEmpty()
            ? holdings
            : node -> holdings.on(node).minusClamped(record.assumedOn(pod, node));
    ExecutorDecision decision =
        executors.decide(
            pod, scoreRequest(record, pod, offeredNodes, policy), () -> nodes.get().nodes(), held);
    if (decision instanceof Extra extra
        && assumed.isPresent()
        && extra.nodes().contains(assumed.get())) {
      List<String> sameFirst = new ArrayList<>(extra.nodes());
      sameFirst.remove(assumed.get());
      sameFirst.add(0, assumed.get());
      return new Extra(sameFirst);
    }
    return decision;
  }

  /**
   * {@link #steer}, then applies the answer: {@link UseSlot} claims the slot for the pod, {@link
   * Repair} moves the slot to the new node and claims it, {@link Extra} assumes the best node (it
   * holds one executor's room there until the pod is seen bound or gone, or {@link #expire} drops
   * it) and names only that node, {@link Wait} gives back any room assumed for the pod. Retries for
   * the same pod never hold twice.
   */
  public ExecutorDecision steerAndClaim(
      GangId gang,
      String pod,
      List<String> offeredNodes,
      ClusterSnapshot nodes,
      PlacementPolicy policy,
      Instant now) {
    return steerAndClaim(gang, pod, offeredNodes, () -> nodes, policy, now);
  }

  /** {@link #steerAndClaim}, asking for the snapshot only when the decision needs room. */
  public ExecutorDecision steerAndClaim(
      GangId gang,
      String pod,
      List<String> offeredNodes,
      Supplier<ClusterSnapshot> nodes,
      PlacementPolicy policy,
      Instant now) {
    ExecutorDecision decision = steer(gang, pod, offeredNodes, nodes, policy, now);
    switch (decision) {
      case UseSlot use -> claim(gang, use.slot(), pod, now);
      case Repair repair -> repair(gang, repair.slot(), repair.toNode(), pod, now);
      case Extra extra -> {
        String best = extra.nodes().get(0);
        live(gang).assume(pod, best, holdings, now);
        return new Extra(List.of(best));
      }
      case Wait w -> {
        GangRecord record = gangs.get(gang);
        if (record != null) {
          record.forgetAssumed(pod, holdings);
        }
      }
    }
    return decision;
  }

  /** Slot {@code slot} OPEN → CLAIMED by {@code pod} (idempotent for the same pod). */
  public Reservation claim(GangId gang, int slot, String pod, Instant now) {
    GangRecord record = live(gang);
    record.claim(slot, pod, holdings, now);
    return record.requireReservation();
  }

  /**
   * Applies a {@link Repair}: moves slot {@code slot} to {@code toNode}, claimed by {@code pod}.
   */
  public Reservation repair(GangId gang, int slot, String toNode, String pod, Instant now) {
    GangRecord record = live(gang);
    record.repair(slot, toNode, pod, holdings, now);
    return record.requireReservation();
  }

  /**
   * The cluster view shows executor {@code pod} bound on {@code node}: its slot becomes BOUND (see
   * {@link GangRecord#bind} for a pod bound elsewhere). Returns whether anything changed; unknown
   * gangs are ignored.
   */
  public boolean observeExecutorBound(GangId gang, String pod, String node, Instant now) {
    GangRecord record = gangs.get(gang);
    if (record == null || !record.phase.holdsReservation()) {
      return false;
    }
    return record.bind(pod, node, holdings, now);
  }

  /**
   * The cluster view shows the driver bound on {@code node}: RESERVED → DRIVER_BOUND, the driver's
   * room is no longer held, and OPEN slots' claim clocks start. Returns whether anything changed.
   */
  public boolean observeDriverBound(GangId gang, String node, Instant now) {
    GangRecord record = gangs.get(gang);
    if (record == null || record.phase != GangPhase.RESERVED) {
      return false;
    }
    record.driverBound(Optional.of(node), holdings, now);
    return true;
  }

  /**
   * Executor {@code pod} went away: its slot is OPEN again on its node for a replacement (an extra
   * executor is simply forgotten). Returns whether anything changed.
   */
  public boolean releaseExecutor(GangId gang, String pod, Instant now) {
    GangRecord record = gangs.get(gang);
    if (record == null || !record.phase.holdsReservation()) {
      return false;
    }
    return record.reopen(pod, holdings, now);
  }

  // ---- time ---------------------------------------------------------------------------------

  /**
   * Applies every timeout due at {@code now} (a deadline at or before now is due), in gang order:
   *
   * <ul>
   *   <li>RESERVED whose driver did not bind within the policy's {@code driverBindTimeout} of the
   *       reservation → EXPIRED: the gang leaves the ledger and all its room is free again;
   *   <li>DRIVER_BOUND slots untouched for the policy's {@code slotClaimTimeout} (counted from the
   *       driver's binding or the slot's last change): OPEN ones are dropped, so a gang whose
   *       executors never came stops holding their room; CLAIMED ones whose pod never bound are
   *       OPEN again for whichever executor comes next;
   *   <li>WAITING whose driver has not asked within the ledger's waiting TTL → EXPIRED and
   *       forgotten, so a vanished driver cannot hold the queue;
   *   <li>extra executors assumed on a node for the policy's {@code slotClaimTimeout} without being
   *       seen bound: their room is free again ({@link GangRecord#expireAssumed}).
   * </ul>
   */
  public List<Expiry> expire(Instant now) {
    List<Expiry> expired = new ArrayList<>();
    for (GangId id : new TreeMap<>(gangs).keySet()) {
      GangRecord record = gangs.get(id);
      switch (record.phase) {
        case WAITING -> {
          if (!now.isBefore(record.lastAsked.plus(waitingTtl))) {
            gangs.remove(id);
            record.moveTo(GangPhase.EXPIRED);
            expired.add(new Expiry.WaitingExpired(id));
          }
        }
        case RESERVED -> {
          Reservation r = record.requireReservation();
          if (!now.isBefore(r.reservedAt().plus(record.policy.driverBindTimeout()))) {
            gangs.remove(id);
            record.moveTo(GangPhase.EXPIRED);
            record.forgetAllAssumed(holdings);
            holdings.remove(r);
            expired.add(new Expiry.ReservationExpired(r));
          }
        }
        case DRIVER_BOUND -> record.expireSlots(now, holdings).ifPresent(expired::add);
        default -> {}
      }
      if (record.phase.holdsReservation()) {
        List<String> lapsed = record.expireAssumed(now, holdings);
        if (!lapsed.isEmpty()) {
          expired.add(new Expiry.ExtrasUnassumed(id, lapsed));
        }
      }
    }
    return expired;
  }

  // ---- scoring ------------------------------------------------------------------------------

  /**
   * Scores 0..10 for each offered node, for the gang's driver or one of its executors (see {@link
   * NodeScorer}). A gang the ledger does not know scores 0 everywhere.
   */
  public Map<String, Integer> score(
      GangId gang,
      boolean driver,
      List<String> offeredNodes,
      ClusterSnapshot nodes,
      PlacementPolicy policy) {
    GangRecord record = gangs.get(gang);
    if (record == null) {
      Map<String, Integer> zeros = new LinkedHashMap<>();
      offeredNodes.forEach(n -> zeros.put(n, 0));
      return zeros;
    }
    ScoreRequest request = scoreRequest(record, null, offeredNodes, policy);
    return driver
        ? scorer.scoreDriver(request, nodes.nodes(), holdings)
        : scorer.scoreExecutor(request, nodes.nodes(), holdings);
  }

  // ---- reads --------------------------------------------------------------------------------

  public Optional<Reservation> reservation(GangId gang) {
    GangRecord record = gangs.get(gang);
    return record == null ? Optional.empty() : record.reservation();
  }

  /** Every live reservation (RESERVED, DRIVER_BOUND, COMPLETE), as an immutable copy. */
  public Map<GangId, Reservation> active() {
    Map<GangId, Reservation> active = new HashMap<>();
    gangs.forEach((id, r) -> r.reservation().ifPresent(res -> active.put(id, res)));
    return Map.copyOf(active);
  }

  /** Waiting gangs in queue order (priority, then age, then id), with their reasons. */
  public List<WaitingGang> waiting() {
    return waitingRecords().stream().map(GangRecord::waitingView).toList();
  }

  public Optional<GangPhase> phase(GangId gang) {
    GangRecord record = gangs.get(gang);
    return record == null ? Optional.empty() : Optional.of(record.phase);
  }

  public Optional<GangView> gang(GangId gang) {
    GangRecord record = gangs.get(gang);
    return record == null ? Optional.empty() : Optional.of(record.view());
  }

  /** Every live gang in queue order, for {@code /debug/gangs}. */
  public List<GangView> gangs() {
    return gangs.values().stream()
        .sorted((a, b) -> QueueOrder.ORDER.compare(a.spec, b.spec))
        .map(GangRecord::view)
        .toList();
  }

  /** Room all live reservations and assumed extra executors hold on {@code node}. */
  public Resources heldOn(String node) {
    return holdings.on(node);
  }

  /** Non-zero held room per node (a copy). */
  public Map<String, Resources> held() {
    return Collections.unmodifiableMap(new TreeMap<>(holdings.snapshot()));
  }

  private List<GangRecord> waitingRecords() {
    return gangs.values().stream()
        .filter(r -> r.phase == GangPhase.WAITING)
        .sorted((a, b) -> QueueOrder.ORDER.compare(a.spec, b.spec))
        .toList();
  }

  private GangRecord live(GangId gang) {
    GangRecord record = gangs.get(gang);
    Checks.requireState(
        record != null && record.phase.holdsReservation(), "gang %s holds no reservation", gang);
    return record;
  }

  /** Extra executors (bound and assumed, except {@code pod}'s own) count towards the maximum. */
  private static ScoreRequest scoreRequest(
      GangRecord record, String pod, List<String> offeredNodes, PlacementPolicy policy) {
    return new ScoreRequest(
        record.spec, record.reservation(), record.extraNodesExcept(pod), offeredNodes, policy);
  }
}
