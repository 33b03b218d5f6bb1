package io.muster.extender.spark;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed reads of Spark settings with Spark's own parsing rules; an unusable value is recorded as a
 * {@link Problem} (all of them, not just the first) and the read returns the default so that the
 * caller can go on collecting.
 */
final class SettingReader {
  private final SparkProperties props;
  private final List<Problem> problems = new ArrayList<>();

  SettingReader(SparkProperties props) {
    this.props = props;
  }

  boolean has(String key) {
    return props.contains(key);
  }

  Optional<String> text(String key) {
    return props.get(key);
  }

  /** Keys under {@code prefix}, with the prefix removed. */
  java.util.Set<String> keysWithPrefix(String prefix) {
    return props.withPrefix(prefix).keySet();
  }

  List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** A size setting whose plain numbers mean MiB ({@code bytesConf(ByteUnit.MiB)}). */
  OptionalLong mib(String key) {
    return size(key, SparkByteString.Unit.MIB);
  }

  long mib(String key, long fallback) {
    return mib(key).orElse(fallback);
  }

  /** A size setting whose plain numbers mean bytes ({@code bytesConf(ByteUnit.BYTE)}). */
  OptionalLong bytes(String key) {
    return size(key, SparkByteString.Unit.BYTE);
  }

  private OptionalLong size(String key, SparkByteString.Unit unit) {
    Optional<String> raw = props.get(key);
    if (raw.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(SparkByteString.parse(raw.get(), unit));
    } catch (IllegalArgumentException e) {
      invalid(key, raw.get(), e.getMessage());
      return OptionalLong.empty();
    }
  }

  /** An {@code intConf} setting, at least {@code min}. */
  OptionalInt integer(String key, int min) {
    Optional<String> raw = props.get(key);
    if (raw.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(raw.get().trim());
      if (value < min) {
        invalid(key, raw.get(), "must be at least " + min);
        return OptionalInt.empty();
      }
      return OptionalInt.of(value);
    } catch (NumberFormatException e) {
      invalid(key, raw.get(), "not an integer");
      return OptionalInt.empty();
    }
  }

  /** A {@code booleanConf} setting: {@code true}/{@code false} in any case. */
  boolean bool(String key, boolean fallback) {
    Optional<String> raw = props.get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    String v = raw.get().trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    invalid(key, raw.get(), "not true or false");
    return fallback;
  }

  /** A non-negative finite {@code doubleConf} setting (overhead factors). */
  OptionalDouble factor(String key) {
    Optional<String> raw = props.get(key);
    if (raw.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      double value = Double.parseDouble(raw.get().trim());
      if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
        invalid(key, raw.get(), "must be a finite number >= 0");
        return OptionalDouble.empty();
      }
      return OptionalDouble.of(value);
    } catch (NumberFormatException e) {
      invalid(key, raw.get(), "not a number");
      return OptionalDouble.empty();
    }
  }

  /** A setting Spark hands to Kubernetes as a quantity (e.g. {@code request.cores=500m}). */
  Optional<BigDecimal> quantity(String key) {
    Optional<String> raw = props.get(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(KubeQuantity.parse(raw.get().trim(), key));
    } catch (InvalidQuantityException e) {
      invalid(key, raw.get(), "not a Kubernetes quantity");
      return Optional.empty();
    }
  }

  void invalid(String key, String value, String reason) {
    String shown = SecretRedaction.redactValue(key, value);
    problems.add(
        new Problem(
            Problem.Kind.INVALID_SPARK_PROPERTY, key, "value \"" + shown + "\": " + reason));
  }

  void problem(String key, String message) {
    problems.add(new Problem(Problem.Kind.INVALID_SPARK_PROPERTY, key, message));
  }
}
