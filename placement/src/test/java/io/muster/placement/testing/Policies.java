package io.muster.placement.testing;

import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import java.time.Duration;

/** Policy fixtures: {@code policy(TIGHTLY_PACK)}, {@code queue(BACKFILL)}, … */
public final class Policies {
  public static final Duration DRIVER_BIND = Duration.ofMinutes(5);
  public static final Duration SLOT_CLAIM = Duration.ofMinutes(10);

  private Policies() {}

  public static PlacementPolicy policy(PackingStrategy strategy) {
    return new PlacementPolicy(
        strategy, 5, QueueDiscipline.STRICT_FIFO, DRIVER_BIND, SLOT_CLAIM, true);
  }

  public static PlacementPolicy policy(PackingStrategy strategy, QueueDiscipline queue) {
    return new PlacementPolicy(strategy, 5, queue, DRIVER_BIND, SLOT_CLAIM, true);
  }

  public static PlacementPolicy queue(QueueDiscipline queue) {
    return policy(PackingStrategy.TIGHTLY_PACK, queue);
  }

  public static PlacementPolicy shuffle(PackingStrategy strategy, int weight) {
    return new PlacementPolicy(
        strategy, weight, QueueDiscipline.STRICT_FIFO, DRIVER_BIND, SLOT_CLAIM, true);
  }

  public static PlacementPolicy noExtras() {
    return new PlacementPolicy(
        PackingStrategy.TIGHTLY_PACK,
        5,
        QueueDiscipline.STRICT_FIFO,
        DRIVER_BIND,
        SLOT_CLAIM,
        false);
  }
}
