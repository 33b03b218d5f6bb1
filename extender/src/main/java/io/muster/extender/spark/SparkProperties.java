package io.muster.extender.spark;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Spark configuration as Spark resolved it: the key/value pairs of a {@code spark.properties} file.
 * Holds only keys that were set; Spark's defaults are applied by the readers ({@link
 * SparkExecutorSizing}). {@link #toString()} masks secret-looking values.
 */
public record SparkProperties(Map<String, String> values) {
  public static final SparkProperties EMPTY = new SparkProperties(Map.of());

  public SparkProperties {
    values = Map.copyOf(values);
  }

  /**
   * Parses Java {@code Properties} text (comments, {@code \:} escapes, continuation lines), as
   * Spark writes it into the driver ConfigMap.
   *
   * @throws IllegalArgumentException on a malformed {@code \\uXXXX} escape
   */
  public static SparkProperties parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text == null ? "" : text));
    } catch (IOException e) {
      throw new UncheckedIOException("reading from a string failed", e);
    }
    Map<String, String> values = new HashMap<>();
    p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
    return new SparkProperties(values);
  }

  public static SparkProperties of(Map<String, String> values) {
    return new SparkProperties(values);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public boolean contains(String key) {
    return values.containsKey(key);
  }

  /** Keys starting with {@code prefix}, with the prefix removed, sorted. */
  public SortedMap<String, String> withPrefix(String prefix) {
    SortedMap<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  /** A copy with {@code key} set to {@code value} (a later {@code --conf} wins, as in Spark). */
  public SparkProperties with(String key, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, value);
    return new SparkProperties(copy);
  }

  /** Secret-looking values masked, sorted by key. */
  public SortedMap<String, String> redacted() {
    return SecretRedaction.redact(values);
  }

  @Override
  public String toString() {
    return "SparkProperties" + redacted();
  }
}
