package io.muster.placement.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A stored reservation may carry more slots than its gang's minimum, so its own room (driver plus
 * every slot) is checked too (found by fuzzing the annotation decoder: a 2^61-byte executor with
 * three minimum executors but eleven slots overflowed the room held on one node).
 */
class ReservationTest {
  private static final GangId ID = new GangId("spark", "app");
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void roomThatFitsInALongIsAccepted() {
    Reservation r = reservation(Long.MAX_VALUE / 8, 4);
    assertThat(r.heldOn("node-1").memoryBytes()).isEqualTo(Long.MAX_VALUE / 8 * 4 + 1);
  }

  @Test
  void slotsBeyondTheMinimumWhoseRoomOverflowsAreRefused() {
    assertThatThrownBy(() -> reservation(1L << 61, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gang spark/app: the room of the driver and 11 slots overflows");
  }

  private static Reservation reservation(long executorMemory, int slots) {
    GangSpec gang =
        new GangSpec(
            ID,
            AT,
            0,
            Optional.of(Resources.pod(1, 1)),
            Resources.pod(1, executorMemory),
            3,
            slots,
            PodConstraints.NONE);
    return new Reservation(
        gang,
        Optional.of("node-1"),
        false,
        IntStream.range(0, slots).mapToObj(i -> Slot.open(i, "node-1")).toList(),
        AT);
  }
}
