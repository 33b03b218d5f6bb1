package io.muster.placement.ledger;

import io.muster.placement.Reason;
import io.muster.placement.model.Checks;
import io.muster.placement.model.GangPhase;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.policy.PlacementPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ledger's mutable record of one live gang. Every change of its reservation goes through {@link
 * #setReservation}, which keeps the ledger's {@link Holdings} equal to what the live reservations
 * hold; {@code slotSince} runs parallel to the reservation's slots.
 */
final class GangRecord {
  GangSpec spec;
  PlacementPolicy policy;
  GangPhase phase;
  private Reservation reservation;
  private List<Instant> slotSince = List.of();
  final Map<String, String> extras = new TreeMap<>();

  /**
   * Extra executors steered to a node and not yet seen bound, by pod. Each holds one executor
   * demand there, as kube-scheduler's cache assumes a pod between its decision and its binding:
   * kube-scheduler binds asynchronously and meanwhile schedules the next pod, which must not be
   * planned into the same room.
   */
  private final Map<String, AssumedExtra> assumed = new TreeMap<>();

  /** Where an assumed extra executor was steered, the room held for it there, and since when. */
  private record AssumedExtra(String node, Resources room, Instant since) {}

  Reason reason;
  String message;
  Instant waitingSince;
  Instant lastAsked;
  List<String> offered = List.of();

  GangRecord(GangSpec spec, PlacementPolicy policy, GangPhase phase) {
    this.spec = spec;
    this.policy = policy;
    this.phase = phase;
  }

  Optional<Reservation> reservation() {
    return Optional.ofNullable(reservation);
  }

  Reservation requireReservation() {
    Checks.requireState(reservation != null, "gang %s has no reservation (%s)", spec.id(), phase);
    return reservation;
  }

  void moveTo(GangPhase next) {
    phase = phase.to(next);
  }

  /** Replaces the reservation; slot clocks of slots whose state or node changed restart at now. */
  void setReservation(Reservation next, Holdings holdings, Instant now) {
    holdings.replace(reservation, next);
    List<Instant> since = new ArrayList<>();
    if (next != null) {
      for (Slot s : next.slots()) {
        boolean same =
            reservation != null
                && s.index() < reservation.slots().size()
                && reservation.slots().get(s.index()).equals(s);
        since.add(same ? slotSince.get(s.index()) : now);
      }
    }
    reservation = next;
    slotSince = since;
  }

  /** Replaces the reservation with explicit slot clocks (used when slots are renumbered). */
  void setReservation(Reservation next, List<Instant> since, Holdings holdings) {
    Checks.requireArgument(
        since.size() == next.slots().size(),
        "gang %s: %s clocks for %s slots",
        spec.id(),
        since.size(),
        next.slots().size());
    holdings.replace(reservation, next);
    reservation = next;
    slotSince = List.copyOf(since);
  }

  Instant slotSince(int index) {
    return slotSince.get(index);
  }

  Optional<Slot> slotOf(String pod) {
    if (reservation == null) {
      return Optional.empty();
    }
    return reservation.slots().stream().filter(s -> s.pod().equals(Optional.of(pod))).findFirst();
  }

  /** The reservation with slot {@code index} replaced. */
  Reservation with(int index, String node, SlotState state, Optional<String> pod) {
    return withSlots(replace(reservation.slots(), new Slot(index, node, state, pod)));
  }

  Reservation withSlots(List<Slot> slots) {
    return new Reservation(
        reservation.gang(),
        reservation.driverNode(),
        reservation.driverBound(),
        slots,
        reservation.reservedAt());
  }

  static List<Slot> replace(List<Slot> slots, Slot slot) {
    List<Slot> copy = new ArrayList<>(slots);
    copy.set(slot.index(), slot);
    return copy;
  }

  /** OPEN → CLAIMED by {@code pod}; a CLAIMED slot the pod held elsewhere reopens. */
  void claim(int index, String pod, Holdings holdings, Instant now) {
    Slot slot = slotAt(index);
    if (slot.state() != SlotState.OPEN && slot.pod().equals(Optional.of(pod))) {
      return;
    }
    Checks.requireState(
        slot.state() == SlotState.OPEN,
        "gang %s: slot %s is %s by %s, %s cannot claim it",
        spec.id(),
        index,
        slot.state(),
        slot.pod().orElse(""),
        pod);
    forgetAssumed(pod, holdings);
    List<Slot> next = withoutClaimOf(pod);
    next.set(index, new Slot(index, slot.node(), SlotState.CLAIMED, Optional.of(pod)));
    setReservation(withSlots(next), holdings, now);
  }

  /**
   * Moves slot {@code index} (OPEN, or CLAIMED by {@code pod}) to {@code toNode}, claimed by pod.
   */
  void repair(int index, String toNode, String pod, Holdings holdings, Instant now) {
    Slot slot = slotAt(index);
    Checks.requireState(
        slot.state() == SlotState.OPEN
            || (slot.state() == SlotState.CLAIMED && slot.pod().equals(Optional.of(pod))),
        "gang %s: slot %s is %s by %s, %s cannot move it",
        spec.id(),
        index,
        slot.state(),
        slot.pod().orElse(""),
        pod);
    forgetAssumed(pod, holdings);
    List<Slot> next = withoutClaimOf(pod);
    next.set(index, new Slot(index, toNode, SlotState.CLAIMED, Optional.of(pod)));
    setReservation(withSlots(next), holdings, now);
  }

  /**
   * The cluster shows {@code pod} bound on {@code node}. Its own slot there becomes BOUND; else an
   * OPEN slot on that node is taken (the pod's slot elsewhere reopens); else the pod's slot, or the
   * lowest OPEN slot, moves there; with no slot left the pod is an extra executor. Whatever
   * happens, the gang never holds room for an executor that is already bound.
   */
  boolean bind(String pod, String node, Holdings holdings, Instant now) {
    // Bound, the pod is counted by the cluster view: an assumption stops holding its room, and
    // the pod then takes a slot that reopened meanwhile like any other executor.
    boolean wasAssumed = forgetAssumed(pod, holdings);
    if (extras.containsKey(pod)) {
      return !node.equals(extras.put(pod, node)) || wasAssumed;
    }
    Optional<Slot> own = slotOf(pod);
    if (own.isPresent() && own.get().node().equals(node)) {
      if (own.get().state() == SlotState.BOUND) {
        return wasAssumed;
      }
      setReservation(
          with(own.get().index(), node, SlotState.BOUND, Optional.of(pod)), holdings, now);
      settlePhase();
      return true;
    }
    List<Slot> next = withoutClaimOf(pod);
    Optional<Slot> target = openOn(next, node).or(() -> own).or(() -> openOn(next, null));
    if (target.isEmpty()) {
      extras.put(pod, node);
      return true;
    }
    int index = target.get().index();
    next.set(index, new Slot(index, node, SlotState.BOUND, Optional.of(pod)));
    setReservation(withSlots(next), holdings, now);
    settlePhase();
    return true;
  }

  /**
   * The executor {@code pod} went away: its slot reopens for a replacement (or it was an extra).
   */
  boolean reopen(String pod, Holdings holdings, Instant now) {
    boolean wasAssumed = forgetAssumed(pod, holdings);
    if (extras.remove(pod) != null) {
      return true;
    }
    if (slotOf(pod).isEmpty()) {
      return wasAssumed;
    }
    setReservation(withSlots(withoutClaimOf(pod)), holdings, now);
    settlePhase();
    return true;
  }

  /** RESERVED → DRIVER_BOUND: the driver's room is now counted by the cluster view, not held. */
  void driverBound(Optional<String> node, Holdings holdings, Instant now) {
    moveTo(GangPhase.DRIVER_BOUND);
    Reservation r = requireReservation();
    Reservation bound =
        new Reservation(r.gang(), node.or(r::driverNode), true, r.slots(), r.reservedAt());
    List<Instant> clocks = new ArrayList<>();
    for (Slot s : bound.slots()) {
      // Executors are created only once the driver runs: their claim clock starts now.
      clocks.add(s.state() == SlotState.OPEN ? now : slotSince(s.index()));
    }
    setReservation(bound, clocks, holdings);
    settlePhase();
  }

  /**
   * Drops OPEN slots and unclaims CLAIMED ones whose clock is at least {@code slotClaimTimeout}
   * old; remaining slots are renumbered in order.
   */
  Optional<Expiry.SlotsExpired> expireSlots(Instant now, Holdings holdings) {
    Reservation r = requireReservation();
    List<Slot> kept = new ArrayList<>();
    List<Instant> clocks = new ArrayList<>();
    List<Slot> dropped = new ArrayList<>();
    List<Slot> unclaimed = new ArrayList<>();
    for (Slot s : r.slots()) {
      boolean due = !now.isBefore(slotSince(s.index()).plus(policy.slotClaimTimeout()));
      if (due && s.state() == SlotState.OPEN) {
        dropped.add(s);
        continue;
      }
      int index = kept.size();
      if (due && s.state() == SlotState.CLAIMED) {
        unclaimed.add(s);
        kept.add(Slot.open(index, s.node()));
        clocks.add(now);
      } else {
        kept.add(new Slot(index, s.node(), s.state(), s.pod()));
        clocks.add(slotSince(s.index()));
      }
    }
    if (dropped.isEmpty() && unclaimed.isEmpty()) {
      return Optional.empty();
    }
    setReservation(withSlots(kept), clocks, holdings);
    settlePhase();
    return Optional.of(new Expiry.SlotsExpired(reservation, dropped, unclaimed));
  }

  /**
   * Holds one executor demand on {@code node} for extra executor {@code pod} until it is seen bound
   * or gone. Asked again for the same node (kube-scheduler retries the same pod) it holds nothing
   * more and its clock restarts; for another node the old hold is given back first.
   */
  void assume(String pod, String node, Holdings holdings, Instant now) {
    AssumedExtra held = assumed.get(pod);
    if (held != null && held.node().equals(node)) {
      assumed.put(pod, new AssumedExtra(node, held.room(), now));
      return;
    }
    forgetAssumed(pod, holdings);
    AssumedExtra next = new AssumedExtra(node, spec.executor(), now);
    assumed.put(pod, next);
    holdings.hold(node, next.room());
  }

  /** Gives back the room assumed for {@code pod}; returns whether it had any. */
  boolean forgetAssumed(String pod, Holdings holdings) {
    AssumedExtra a = assumed.remove(pod);
    if (a == null) {
      return false;
    }
    holdings.release(a.node(), a.room());
    return true;
  }

  /** Gives back every assumption (the gang leaves or loses its reservation). */
  void forgetAllAssumed(Holdings holdings) {
    for (String pod : List.copyOf(assumed.keySet())) {
      forgetAssumed(pod, holdings);
    }
  }

  Optional<String> assumedNode(String pod) {
    return Optional.ofNullable(assumed.get(pod)).map(AssumedExtra::node);
  }

  /** Room assumed for {@code pod} on {@code node}, or zero. */
  Resources assumedOn(String pod, String node) {
    AssumedExtra a = assumed.get(pod);
    return a != null && a.node().equals(node) ? a.room() : Resources.ZERO;
  }

  /**
   * Drops assumptions at least the policy's {@code slotClaimTimeout} old: the same bound after
   * which a CLAIMED slot whose pod never bound reopens. A filter answer kube-scheduler has not
   * acted on by then (its binding failed and the pod was not retried, or it went elsewhere) will
   * not be; a pod that still binds later is counted as bound then. Returns the pods dropped.
   */
  List<String> expireAssumed(Instant now, Holdings holdings) {
    List<String> lapsed = new ArrayList<>();
    assumed.forEach(
        (pod, a) -> {
          if (!now.isBefore(a.since().plus(policy.slotClaimTimeout()))) {
            lapsed.add(pod);
          }
        });
    lapsed.forEach(pod -> forgetAssumed(pod, holdings));
    return lapsed;
  }

  /** Nodes of the bound and assumed extra executors except {@code pod} itself, for scoring. */
  List<String> extraNodesExcept(String pod) {
    List<String> nodes = new ArrayList<>();
    extras.forEach((p, node) -> nodes.add(node));
    assumed.forEach(
        (p, a) -> {
          if (!p.equals(pod)) {
            nodes.add(a.node());
          }
        });
    return nodes;
  }

  boolean hasExtras() {
    return !extras.isEmpty() || !assumed.isEmpty();
  }

  private Slot slotAt(int index) {
    Reservation r = requireReservation();
    Checks.requireArgument(
        index >= 0 && index < r.slots().size(),
        "gang %s has no slot %s (it has %s)",
        spec.id(),
        index,
        r.slots().size());
    return r.slots().get(index);
  }

  /** The slots with any slot of {@code pod} reopened on its node. */
  private List<Slot> withoutClaimOf(String pod) {
    List<Slot> next = new ArrayList<>(requireReservation().slots());
    for (int i = 0; i < next.size(); i++) {
      if (next.get(i).pod().equals(Optional.of(pod))) {
        next.set(i, Slot.open(i, next.get(i).node()));
      }
    }
    return next;
  }

  /** The lowest OPEN slot on {@code node} (any node when null). */
  private static Optional<Slot> openOn(List<Slot> slots, String node) {
    return slots.stream()
        .filter(s -> s.state() == SlotState.OPEN && (node == null || s.node().equals(node)))
        .findFirst();
  }

  /** DRIVER_BOUND ⇄ COMPLETE as slots bind and reopen. */
  void settlePhase() {
    boolean allBound = reservation.slots().stream().allMatch(s -> s.state() == SlotState.BOUND);
    if (phase == GangPhase.DRIVER_BOUND && allBound) {
      moveTo(GangPhase.COMPLETE);
    } else if (phase == GangPhase.COMPLETE && !allBound) {
      moveTo(GangPhase.DRIVER_BOUND);
    }
  }

  WaitingGang waitingView() {
    return new WaitingGang(spec, policy, reason, message, waitingSince, lastAsked, offered);
  }

  GangView view() {
    return new GangView(
        spec,
        phase,
        policy,
        reservation(),
        phase == GangPhase.WAITING ? Optional.of(waitingView()) : Optional.empty(),
        extras,
        assumedNodes());
  }

  private Map<String, String> assumedNodes() {
    Map<String, String> nodes = new LinkedHashMap<>();
    assumed.forEach((pod, a) -> nodes.put(pod, a.node()));
    return nodes;
  }
}
