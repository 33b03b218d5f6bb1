package io.muster.extender.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kubernetes users write them: whole amounts with units, largest unit first, each unit
 * at most once: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}. Zero and negative durations
 * are rejected (every wait needs a bound), and so is anything longer than {@link #MAX}.
 */
final class PolicyDuration {
  /** A day: a longer timeout is no bound at all in practice, and most likely a typo. */
  static final Duration MAX = Duration.ofHours(24);

  static final String FORMAT_HINT = "use a whole number with a unit: 500ms, 30s, 5m, 1h30m";

  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,8})m(?!s))?(?:(\\d{1,9})s)?(?:(\\d{1,12})ms)?");

  private PolicyDuration() {}

  static Optional<Duration> read(JsonNode node, String path, Violations violations) {
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      violations.add(path, "must be a duration, got %s (%s)", YamlFields.kind(node), FORMAT_HINT);
      return Optional.empty();
    }
    String text = node.textValue().trim();
    if (text.startsWith("-")) {
      violations.add(path, "%s is negative; must be > 0", Violations.quote(text));
      return Optional.empty();
    }
    Optional<Duration> parsed = parse(text);
    if (parsed.isEmpty()) {
      violations.add(path, "%s is not a duration (%s)", Violations.quote(text), FORMAT_HINT);
      return Optional.empty();
    }
    Duration d = parsed.get();
    if (d.isZero()) {
      violations.add(path, "%s is zero; must be > 0", Violations.quote(text));
      return Optional.empty();
    }
    if (d.compareTo(MAX) > 0) {
      violations.add(path, "%s is longer than the maximum 24h", Violations.quote(text));
      return Optional.empty();
    }
    return parsed;
  }

  /** The duration {@code text} denotes, or empty when it is not in the accepted form. */
  static Optional<Duration> parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    // Group widths keep every product far below Long.MAX_VALUE milliseconds.
    Duration d =
        Duration.ofHours(amount(m.group(1)))
            .plusMinutes(amount(m.group(2)))
            .plusSeconds(amount(m.group(3)))
            .plusMillis(amount(m.group(4)));
    return Optional.of(d);
  }

  /** The canonical text for a duration, as {@link #parse} reads it back ({@code 1h30m}). */
  static String format(Duration d) {
    StringBuilder b = new StringBuilder();
    if (d.toHours() > 0) {
      b.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      b.append(d.toMillisPart()).append("ms");
    }
    return b.isEmpty() ? "0s" : b.toString();
  }

  private static long amount(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
