package io.muster.placement.model;

import java.util.Locale;

/**
 * Argument and state checks that fail with a formatted message; the only exceptions placement
 * throws.
 */
public final class Checks {
  private Checks() {}

  public static void requireArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }

  public static void requireState(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(Locale.ROOT, format, args));
    }
  }
}
