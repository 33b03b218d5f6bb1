package io.muster.placement.model;

import static io.muster.placement.model.GangPhase.COMPLETE;
import static io.muster.placement.model.GangPhase.DRIVER_BOUND;
import static io.muster.placement.model.GangPhase.EXPIRED;
import static io.muster.placement.model.GangPhase.RELEASED;
import static io.muster.placement.model.GangPhase.RESERVED;
import static io.muster.placement.model.GangPhase.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Walks every (from, to) pair of the gang phase table. */
class GangPhaseTest {
  /** The table, written out independently of the enum's own. */
  private static final Map<GangPhase, Set<GangPhase>> ALLOWED =
      Map.of(
          WAITING, EnumSet.of(RESERVED, EXPIRED, RELEASED),
          RESERVED, EnumSet.of(WAITING, DRIVER_BOUND, EXPIRED, RELEASED),
          DRIVER_BOUND, EnumSet.of(COMPLETE, RELEASED),
          COMPLETE, EnumSet.of(DRIVER_BOUND, RELEASED),
          EXPIRED, EnumSet.noneOf(GangPhase.class),
          RELEASED, EnumSet.noneOf(GangPhase.class));

  @Test
  void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
    int checked = 0;
    for (GangPhase from : GangPhase.values()) {
      for (GangPhase to : GangPhase.values()) {
        boolean allowed = ALLOWED.get(from).contains(to);
        assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(allowed);
        if (allowed) {
          assertThat(from.to(to)).isEqualTo(to);
        } else {
          assertThatThrownBy(() -> from.to(to))
              .as("%s -> %s", from, to)
              .isInstanceOf(IllegalStateException.class)
              .hasMessage("illegal gang phase transition " + from + " -> " + to);
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(36);
  }

  @Test
  void terminalPhasesAndPhasesHoldingAReservation() {
    assertThat(EnumSet.allOf(GangPhase.class).stream().filter(GangPhase::terminal))
        .containsExactlyInAnyOrder(EXPIRED, RELEASED);
    assertThat(EnumSet.allOf(GangPhase.class).stream().filter(GangPhase::holdsReservation))
        .containsExactlyInAnyOrder(RESERVED, DRIVER_BOUND, COMPLETE);
  }

  @Test
  void noPhaseMovesToItself() {
    for (GangPhase p : GangPhase.values()) {
      assertThat(p.canMoveTo(p)).as("%s", p).isFalse();
    }
  }
}
