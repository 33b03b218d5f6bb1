package io.muster.extender.persist;

import io.muster.extender.cluster.PodRecord;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Matches a persisted reservation's slots with the executors observed, without ever letting two
 * executors hold one slot or one executor hold two:
 *
 * <ol>
 *   <li>a slot's recorded claimant that is alive and bound on the slot's node makes it BOUND; alive
 *       and still pending keeps it CLAIMED; gone, or bound on another node, frees it (OPEN);
 *   <li>each remaining live bound executor takes the lowest OPEN slot on its own node (a claim that
 *       was never written, or a repaired slot), else it is reported (excess or off-slot);
 *   <li>the driver, when observed bound, is marked bound where it is.
 * </ol>
 */
final class SlotReconciler {
  private SlotReconciler() {}

  record Result(Reservation restored, List<ObservedClaim> claims, List<RecoveryFinding> findings) {}

  static Result reconcile(
      Reservation persisted, List<PodRecord> appPods, Optional<PodRecord> driver) {
    Map<String, PodRecord> executors = new HashMap<>();
    for (PodRecord p : appPods) {
      if (p.isExecutor() && !p.gone()) {
        executors.put(p.name(), p);
      }
    }
    List<RecoveryFinding> findings = new ArrayList<>();
    List<Slot> slots = new ArrayList<>(persisted.slots());
    Set<String> holding = new HashSet<>();
    Map<String, Integer> slotOf = new HashMap<>();
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      if (s.pod().isEmpty()) {
        continue;
      }
      String name = s.pod().get();
      PodRecord pod = executors.get(name);
      String why = null;
      if (pod == null) {
        why = "pod is gone or finished";
      } else if (holding.contains(name)) {
        why = "pod already holds slot " + slotOf.get(name);
      } else if (pod.nodeName().isPresent() && !pod.nodeName().get().equals(s.node())) {
        why = "pod is bound on " + pod.nodeName().get();
      }
      if (why != null) {
        findings.add(new RecoveryFinding.SlotReleased(i, s.node(), name, why));
        slots.set(i, Slot.open(i, s.node()));
        continue;
      }
      holding.add(name);
      slotOf.put(name, i);
      SlotState state = pod.isBound() ? SlotState.BOUND : SlotState.CLAIMED;
      slots.set(i, new Slot(i, s.node(), state, Optional.of(name)));
    }
    List<PodRecord> unmatched =
        executors.values().stream()
            .filter(PodRecord::isBound)
            .filter(p -> !holding.contains(p.name()))
            .sorted(Comparator.comparing(PodRecord::name))
            .toList();
    Set<String> slotNodes = new HashSet<>();
    slots.forEach(s -> slotNodes.add(s.node()));
    for (PodRecord pod : unmatched) {
      String node = pod.nodeName().orElseThrow();
      int free = firstOpen(slots, node);
      if (free >= 0) {
        slots.set(free, new Slot(free, node, SlotState.BOUND, Optional.of(pod.name())));
        holding.add(pod.name());
        slotOf.put(pod.name(), free);
      } else if (slotNodes.contains(node)) {
        findings.add(new RecoveryFinding.ExcessExecutorOnSlotNode(pod.name(), node));
      } else {
        findings.add(new RecoveryFinding.ExecutorOffSlot(pod.name(), node));
      }
    }
    List<ObservedClaim> claims = new ArrayList<>();
    executors.values().stream()
        .filter(PodRecord::isBound)
        .sorted(Comparator.comparing(PodRecord::name))
        .forEach(
            p ->
                claims.add(
                    new ObservedClaim(
                        p.name(),
                        p.nodeName().orElseThrow(),
                        slotOf.containsKey(p.name())
                            ? OptionalInt.of(slotOf.get(p.name()))
                            : OptionalInt.empty())));
    Optional<String> driverNode = persisted.driverNode();
    boolean driverBound = persisted.driverBound();
    if (driver.isPresent() && driver.get().isBound() && driverNode.isPresent()) {
      String actual = driver.get().nodeName().orElseThrow();
      if (!actual.equals(driverNode.get())) {
        findings.add(new RecoveryFinding.DriverBoundElsewhere(driverNode.get(), actual));
      }
      driverNode = Optional.of(actual);
      driverBound = true;
    }
    Reservation restored =
        new Reservation(persisted.gang(), driverNode, driverBound, slots, persisted.reservedAt());
    return new Result(restored, claims, findings);
  }

  private static int firstOpen(List<Slot> slots, String node) {
    for (Slot s : slots) {
      if (s.state() == SlotState.OPEN && s.node().equals(node)) {
        return s.index();
      }
    }
    return -1;
  }
}
