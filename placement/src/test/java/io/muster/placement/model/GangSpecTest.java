package io.muster.placement.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A gang whose minimum demand does not fit in a long is refused when built (found by fuzzing: the
 * placer threw ArithmeticException while wording why such a gang did not fit).
 */
class GangSpecTest {
  private static final GangId ID = new GangId("spark", "app");
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theLargestDemandThatFitsInALongIsAccepted() {
    GangSpec gang = gang(Resources.pod(1, Long.MAX_VALUE / 4), 3);
    assertThat(gang.minimumDemand().memoryBytes()).isEqualTo(Long.MAX_VALUE / 4 * 3 + 1);
  }

  @Test
  void aMinimumDemandPastALongIsRefused() {
    assertThatThrownBy(() -> gang(Resources.pod(1, Long.MAX_VALUE / 2), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gang spark/app: the minimum demand of the driver and 3 executors overflows");
  }

  @Test
  void extendedResourcesCountToo() {
    Resources executor = Resources.pod(1, 1).withExtended("nvidia.com/gpu", Long.MAX_VALUE);
    assertThatThrownBy(() -> gang(executor, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  private static GangSpec gang(Resources executor, int min) {
    return new GangSpec(
        ID, AT, 0, Optional.of(Resources.pod(1, 1)), executor, min, min, PodConstraints.NONE);
  }
}
