package io.muster.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling: every wait in the suite names what it waited for and how long. */
final class Waits {
  private Waits() {}

  static void until(Duration bound, String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.get())) {
          return;
        }
        last = null;
      } catch (RuntimeException e) {
        last = e;
      }
      sleep(Duration.ofMillis(200));
    }
    AssertionError err = new AssertionError("gave up after " + bound + " waiting for: " + what);
    if (last != null) {
      err.initCause(last);
    }
    throw err;
  }

  /** Asserts that {@code condition} stays false for the whole {@code window}. */
  static void never(Duration window, String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(condition.get())) {
        throw new AssertionError("unexpectedly saw: " + what);
      }
      sleep(Duration.ofMillis(250));
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
