package io.muster.placement.strategy;

import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One packing of a gang on a {@link RoomTable}: the driver's row (-1 without a driver) and, per
 * used row, how many executors go there, in the order the strategy chose them.
 */
final class Layout {
  final int driver;
  final int[] rows;
  final int[] counts;

  /** Executor capacity of the scope left unused by this layout (the "spare" of a zone). */
  final long spare;

  Layout(int driver, int[] rows, int[] counts, long spare) {
    this.driver = driver;
    this.rows = rows;
    this.counts = counts;
    this.spare = spare;
  }

  /** Distinct nodes the layout touches, the driver's included. */
  int nodesUsed() {
    int used = rows.length;
    for (int r : rows) {
      if (r == driver) {
        return used;
      }
    }
    return driver >= 0 ? used + 1 : used;
  }

  Reservation toReservation(RoomTable table, GangSpec gang, Instant now) {
    List<Slot> slots = new ArrayList<>(table.n);
    for (int i = 0; i < rows.length; i++) {
      String node = table.name(rows[i]);
      for (int c = 0; c < counts[i]; c++) {
        slots.add(Slot.open(slots.size(), node));
      }
    }
    Optional<String> driverNode = driver >= 0 ? Optional.of(table.name(driver)) : Optional.empty();
    return new Reservation(gang, driverNode, false, slots, now);
  }
}
