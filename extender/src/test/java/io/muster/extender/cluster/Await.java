package io.muster.extender.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for asynchronous effects (informer events, async writes). */
public final class Await {
  private Await() {}

  /** Waits until {@code condition} holds, at most {@code bound}; fails the test otherwise. */
  public static void until(String what, BooleanSupplier condition, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + bound + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  public static void until(String what, BooleanSupplier condition) {
    until(what, condition, Duration.ofSeconds(15));
  }
}
