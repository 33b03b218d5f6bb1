package io.muster.extender.persist;

import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeSelectorRequirement;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sample reservations for persistence tests. */
final class TestReservations {
  static final Instant CREATED = Instant.parse("2026-01-01T10:00:00.123456789Z");
  static final Instant RESERVED = Instant.parse("2026-01-01T10:00:01Z");

  private TestReservations() {}

  static GangSpec gang(String ns, String app, int executors) {
    return new GangSpec(
        new GangId(ns, app),
        CREATED,
        0,
        Optional.of(Resources.pod(1000, 2432L << 20)),
        Resources.pod(2000, 4505L << 20).withExtended("nvidia.com/gpu", 1),
        executors,
        executors + 2,
        new PodConstraints(
            Map.of("spark-pool", "executors"),
            List.of(
                new NodeSelectorTerm(
                    List.of(
                        new NodeSelectorRequirement(
                            "topology.kubernetes.io/zone",
                            NodeSelectorRequirement.Operator.IN,
                            List.of("a", "b"))))),
            List.of(
                new Toleration(
                    "dedicated",
                    Toleration.Operator.EQUAL,
                    "spark",
                    Optional.of(TaintEffect.NO_SCHEDULE)))));
  }

  /** A driver on {@code driverNode} and one OPEN slot per executor on the given nodes. */
  static PersistedReservation reservation(
      String ns, String app, String driverNode, String writer, long revision, String... slotNodes) {
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < slotNodes.length; i++) {
      slots.add(Slot.open(i, slotNodes[i]));
    }
    Reservation r =
        new Reservation(
            gang(ns, app, slotNodes.length), Optional.of(driverNode), false, slots, RESERVED);
    return new PersistedReservation(r, "default", writer, revision);
  }

  static PersistedReservation withSlot(PersistedReservation p, int i, SlotState state, String pod) {
    List<Slot> slots = new ArrayList<>(p.reservation().slots());
    slots.set(i, new Slot(i, slots.get(i).node(), state, Optional.ofNullable(pod)));
    Reservation r = p.reservation();
    return new PersistedReservation(
        new Reservation(r.gang(), r.driverNode(), r.driverBound(), slots, r.reservedAt()),
        p.policy(),
        p.writer(),
        p.revision());
  }
}
