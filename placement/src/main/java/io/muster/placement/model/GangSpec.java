package io.muster.placement.model;

import java.time.Instant;
import java.util.Optional;

/**
 * What one Spark application needs: a driver (absent in client mode) and between {@code
 * minExecutors} and {@code maxExecutors} identical executors, which may only go to nodes their
 * {@code executorConstraints} admit. Priority orders before age (higher first). Its minimum demand
 * (driver plus {@code minExecutors} executors) fits in a {@code long} in every dimension, so the
 * placer's sums of it never overflow.
 */
public record GangSpec(
    GangId id,
    Instant createdAt,
    int priority,
    Optional<Resources> driver,
    Resources executor,
    int minExecutors,
    int maxExecutors,
    PodConstraints executorConstraints) {
  public GangSpec {
    Checks.requireArgument(id != null, "gang id is missing");
    Checks.requireArgument(createdAt != null, "gang %s has no creation time", id);
    Checks.requireArgument(driver != null && executor != null, "gang %s lacks demands", id);
    Checks.requireArgument(minExecutors >= 0, "gang %s: minExecutors %s < 0", id, minExecutors);
    Checks.requireArgument(
        maxExecutors >= minExecutors,
        "gang %s: maxExecutors %s < minExecutors %s",
        id,
        maxExecutors,
        minExecutors);
    Checks.requireArgument(
        minExecutors == 0 || !executor.isZero(), "gang %s: executors request nothing", id);
    executorConstraints = executorConstraints == null ? PodConstraints.NONE : executorConstraints;
    try {
      driver.orElse(Resources.ZERO).plus(executor.times(minExecutors));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "gang "
              + id
              + ": the minimum demand of the driver and "
              + minExecutors
              + " executors overflows",
          e);
    }
  }

  /** Room the whole minimum gang needs: driver plus minExecutors executors. */
  public Resources minimumDemand() {
    return driver.orElse(Resources.ZERO).plus(executor.times(minExecutors));
  }
}
