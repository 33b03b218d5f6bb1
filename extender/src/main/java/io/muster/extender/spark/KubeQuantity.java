package io.muster.extender.spark;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parser for Kubernetes resource quantities ({@code 500m}, {@code 4505Mi}, {@code 1.5Gi},
 * {@code 2e3}) into exact decimals, and the conversions kube-scheduler applies: milli-CPU and byte
 * counts round <em>up</em> to the next integer, as {@code Quantity.MilliValue()}/{@code Value()}
 * do. Negative values, unknown suffixes, whitespace and values beyond {@code Long.MAX_VALUE} are
 * rejected with an {@link InvalidQuantityException} naming the field.
 */
public final class KubeQuantity {
  // <sign><digits>[.<digits>]<suffix>, suffix one of binary SI, decimal SI or an exponent.
  private static final Pattern FORMAT =
      Pattern.compile(
          "([+-]?)(\\d+(?:\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\\d{1,3})?");
  private static final int MAX_LENGTH = 64;
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
          Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
          Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
          Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
          Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
          Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
          Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
          Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
          Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
          Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
          Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
          Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
          Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
          Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
          Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)));

  private KubeQuantity() {}

  /** The exact non-negative amount {@code text} denotes. */
  public static BigDecimal parse(String text, String field) {
    if (text == null || text.isEmpty()) {
      throw new InvalidQuantityException(field, "empty quantity");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidQuantityException(field, "quantity longer than " + MAX_LENGTH + " chars");
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new InvalidQuantityException(field, "not a Kubernetes quantity: \"" + text + "\"");
    }
    BigDecimal number = new BigDecimal(m.group(2));
    String suffix = m.group(3);
    BigDecimal value;
    if (suffix == null) {
      value = number;
    } else if (SUFFIXES.containsKey(suffix)) {
      value = number.multiply(SUFFIXES.get(suffix));
    } else {
      value = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    }
    if ("-".equals(m.group(1)) && value.signum() != 0) {
      throw new InvalidQuantityException(field, "negative quantity \"" + text + "\"");
    }
    if (value.compareTo(LONG_MAX) > 0) {
      throw new InvalidQuantityException(field, "quantity \"" + text + "\" is too large");
    }
    return value;
  }

  /** CPU in millicores, rounded up like {@code Quantity.MilliValue()}. */
  public static long milli(BigDecimal amount, String field) {
    return ceil(amount.multiply(THOUSAND), field);
  }

  /** Whole units (bytes, devices), rounded up like {@code Quantity.Value()}. */
  public static long units(BigDecimal amount, String field) {
    return ceil(amount, field);
  }

  /** {@code parse} then {@code milli}. */
  public static long parseMilli(String text, String field) {
    return milli(parse(text, field), field);
  }

  /** {@code parse} then {@code units}. */
  public static long parseUnits(String text, String field) {
    return units(parse(text, field), field);
  }

  private static long ceil(BigDecimal amount, String field) {
    BigDecimal rounded = amount.setScale(0, RoundingMode.CEILING);
    if (rounded.compareTo(LONG_MAX) > 0) {
      throw new InvalidQuantityException(field, "amount " + amount.toPlainString() + " overflows");
    }
    return rounded.longValueExact();
  }
}
