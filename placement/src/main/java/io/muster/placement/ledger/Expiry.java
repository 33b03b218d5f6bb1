package io.muster.placement.ledger;

import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import java.util.List;

/** What {@link GangLedger#expire} changed for one gang; the caller persists and reports it. */
public sealed interface Expiry {
  GangId gang();

  /**
   * The driver did not bind within {@code driverBindTimeout} of the reservation: the whole
   * reservation is gone (phase EXPIRED) and all its room is free again.
   */
  record ReservationExpired(Reservation reservation) implements Expiry {
    @Override
    public GangId gang() {
      return reservation.id();
    }
  }

  /**
   * Slots that waited too long ({@code slotClaimTimeout}, counted from the driver's binding or from
   * the slot's last change): OPEN slots are dropped (their room is free again, the remaining slots
   * are renumbered) and CLAIMED slots whose pod never bound are OPEN again; {@code reservation} is
   * the result.
   */
  record SlotsExpired(Reservation reservation, List<Slot> dropped, List<Slot> unclaimed)
      implements Expiry {
    public SlotsExpired {
      dropped = List.copyOf(dropped);
      unclaimed = List.copyOf(unclaimed);
    }

    @Override
    public GangId gang() {
      return reservation.id();
    }
  }

  /**
   * Extra executors steered to a node at least {@code slotClaimTimeout} ago that were never seen
   * bound there: the room assumed for them is free again.
   */
  record ExtrasUnassumed(GangId gang, List<String> pods) implements Expiry {
    public ExtrasUnassumed {
      pods = List.copyOf(pods);
    }
  }

  /**
   * A waiting gang whose driver did not ask again within the ledger's waiting TTL: forgotten, so a
   * vanished driver cannot block the queue forever.
   */
  record WaitingExpired(GangId gang) implements Expiry {}
}
