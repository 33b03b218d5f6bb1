package io.muster.placement.policy;

import io.muster.placement.model.Checks;
import java.time.Duration;

/**
 * How one application is placed: packing strategy, shuffle-locality weight (0 = ignore, 10 =
 * strongest), queue discipline, how long an admitted gang may wait for its driver to bind and for
 * its executors to claim their slots, and whether executors beyond the minimum (dynamic allocation)
 * may use free, unreserved room.
 */
public record PlacementPolicy(
    PackingStrategy strategy,
    int shuffleWeight,
    QueueDiscipline queue,
    Duration driverBindTimeout,
    Duration slotClaimTimeout,
    boolean dynamicExtras) {
  public static final PlacementPolicy DEFAULT =
      new PlacementPolicy(
          PackingStrategy.TIGHTLY_PACK,
          5,
          QueueDiscipline.STRICT_FIFO,
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          true);

  public PlacementPolicy {
    Checks.requireArgument(strategy != null, "strategy: missing");
    Checks.requireArgument(queue != null, "queue: missing");
    Checks.requireArgument(
        shuffleWeight >= 0 && shuffleWeight <= 10, "shuffleWeight: %s not in 0..10", shuffleWeight);
    Checks.requireArgument(
        driverBindTimeout != null && driverBindTimeout.isPositive(),
        "driverBindTimeout: must be > 0, got %s",
        driverBindTimeout);
    Checks.requireArgument(
        slotClaimTimeout != null && slotClaimTimeout.isPositive(),
        "slotClaimTimeout: must be > 0, got %s",
        slotClaimTimeout);
  }
}
