package io.muster.extender.spark;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's size strings ({@code JavaUtils.byteStringAs}): an integer with an optional case-free
 * suffix {@code b, k/kb, m/mb, g/gb, t/tb, p/pb} (binary units). Without a suffix the number is in
 * the setting's own unit (MiB for {@code spark.executor.memory}, bytes for {@code
 * spark.memory.offHeap.size}). Converting to a larger unit truncates, as Spark does ({@code 1500k}
 * is 1 MiB). Fractions are rejected, as in Spark.
 */
final class SparkByteString {
  enum Unit {
    BYTE(1L),
    KIB(1L << 10),
    MIB(1L << 20),
    GIB(1L << 30),
    TIB(1L << 40),
    PIB(1L << 50);

    final long multiplier;

    Unit(long multiplier) {
      this.multiplier = multiplier;
    }
  }

  private static final Pattern WHOLE = Pattern.compile("([0-9]+)([a-z]+)?");
  private static final Pattern FRACTION = Pattern.compile("([0-9]+\\.[0-9]+)([a-z]+)?");
  private static final Map<String, Unit> SUFFIXES =
      Map.ofEntries(
          Map.entry("b", Unit.BYTE),
          Map.entry("k", Unit.KIB),
          Map.entry("kb", Unit.KIB),
          Map.entry("m", Unit.MIB),
          Map.entry("mb", Unit.MIB),
          Map.entry("g", Unit.GIB),
          Map.entry("gb", Unit.GIB),
          Map.entry("t", Unit.TIB),
          Map.entry("tb", Unit.TIB),
          Map.entry("p", Unit.PIB),
          Map.entry("pb", Unit.PIB));

  private SparkByteString() {}

  /**
   * The non-negative size {@code text} denotes, in {@code unit}.
   *
   * @throws IllegalArgumentException with a reason when Spark would reject the value, or when it is
   *     negative
   */
  static long parse(String text, Unit unit) {
    if (text == null) {
      throw new IllegalArgumentException("no value");
    }
    if (text.startsWith("-")) {
      throw new IllegalArgumentException("size must not be negative");
    }
    String lower = text.toLowerCase(Locale.ROOT).trim();
    Matcher m = WHOLE.matcher(lower);
    if (!m.matches()) {
      if (FRACTION.matcher(lower).matches()) {
        throw new IllegalArgumentException("fractional sizes are not supported by Spark");
      }
      throw new IllegalArgumentException("not a Spark size (e.g. 512m, 4g)");
    }
    long value;
    try {
      value = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("size is too large", e);
    }
    String suffix = m.group(2);
    Unit from = unit;
    if (suffix != null) {
      from = SUFFIXES.get(suffix);
      if (from == null) {
        throw new IllegalArgumentException("unknown size suffix \"" + suffix + "\"");
      }
    }
    if (from.multiplier > unit.multiplier) {
      long ratio = from.multiplier / unit.multiplier;
      if (Long.MAX_VALUE / ratio < value) {
        throw new IllegalArgumentException("size is too large");
      }
      return value * ratio;
    }
    return value / (unit.multiplier / from.multiplier);
  }
}
