package io.muster.placement.model;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Life of a gang in the ledger, as an explicit transition table; {@link #to} refuses every
 * transition the table does not list, and EXPIRED and RELEASED are terminal.
 *
 * <pre>
 *   WAITING ──admit──▶ RESERVED ──driver bound──▶ DRIVER_BOUND ──all slots bound──▶ COMPLETE
 *      ▲                  │  │                           ▲                              │
 *      └────abandon───────┘  └─driver bind timeout─▶      └──────executor gone──────────┘
 *                                  EXPIRED
 *   WAITING ──not asked again within the waiting TTL──▶ EXPIRED
 *   every live phase ──release──▶ RELEASED
 * </pre>
 *
 * <p>A gang without a driver (client mode) passes RESERVED and enters DRIVER_BOUND at admission:
 * there is no driver to wait for.
 */
public enum GangPhase {
  /** Not admitted: the gang's driver asked, and the ledger remembers why it waits. */
  WAITING,
  /** Admitted: driver room and one slot per minimum executor are held. */
  RESERVED,
  /** The driver is bound; executors claim and bind their slots. */
  DRIVER_BOUND,
  /** Driver (if any) and every slot are bound: the reservation holds no room any more. */
  COMPLETE,
  /** The driver did not bind in time (or a waiting gang was not asked again): room returned. */
  EXPIRED,
  /** The driver went away: everything the gang held is returned. */
  RELEASED;

  private static final Map<GangPhase, Set<GangPhase>> NEXT = new EnumMap<>(GangPhase.class);

  static {
    NEXT.put(WAITING, EnumSet.of(RESERVED, EXPIRED, RELEASED));
    NEXT.put(RESERVED, EnumSet.of(WAITING, DRIVER_BOUND, EXPIRED, RELEASED));
    NEXT.put(DRIVER_BOUND, EnumSet.of(COMPLETE, RELEASED));
    NEXT.put(COMPLETE, EnumSet.of(DRIVER_BOUND, RELEASED));
    NEXT.put(EXPIRED, EnumSet.noneOf(GangPhase.class));
    NEXT.put(RELEASED, EnumSet.noneOf(GangPhase.class));
  }

  /** Whether the table allows moving from this phase to {@code next}. */
  public boolean canMoveTo(GangPhase next) {
    return NEXT.get(this).contains(next);
  }

  /** Returns {@code next} if the table allows the move, else throws IllegalStateException. */
  public GangPhase to(GangPhase next) {
    Checks.requireState(canMoveTo(next), "illegal gang phase transition %s -> %s", this, next);
    return next;
  }

  /** Whether a gang in this phase holds (or may hold) a reservation. */
  public boolean holdsReservation() {
    return this == RESERVED || this == DRIVER_BOUND || this == COMPLETE;
  }

  public boolean terminal() {
    return NEXT.get(this).isEmpty();
  }
}
