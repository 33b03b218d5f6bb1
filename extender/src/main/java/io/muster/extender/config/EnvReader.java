package io.muster.extender.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads typed settings from an environment map and collects every violation instead of stopping at
 * the first. A blank value counts as unset. Each reader returns its default after a violation so
 * that reading can go on.
 */
final class EnvReader {
  private static final Pattern BYTES = Pattern.compile("(\\d{1,12})(Ki|Mi|Gi)?");

  private final Map<String, String> env;
  private final List<String> violations = new ArrayList<>();

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> raw(String key) {
    String value = env.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  void violation(String key, String problem) {
    violations.add(key + ": " + problem);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  String text(String key, String fallback, Pattern allowed, String what) {
    String value = raw(key).orElse(fallback);
    if (!allowed.matcher(value).matches()) {
      violation(key, "not " + what + " \"" + value + "\"");
      return fallback;
    }
    return value;
  }

  int integer(String key, int fallback, int min, int max) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      violation(key, "not an int \"" + value.get() + "\"");
      return fallback;
    }
    if (parsed < min || parsed > max) {
      violation(key, "must be in " + min + ".." + max + ", got " + parsed);
      return fallback;
    }
    return parsed;
  }

  /** A byte count: digits with an optional binary suffix ({@code 1048576}, {@code 32Mi}). */
  long bytes(String key, long fallback, long max) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    Matcher m = BYTES.matcher(value.get());
    if (!m.matches()) {
      violation(key, "not a byte count \"" + value.get() + "\" (use e.g. 1048576, 512Ki, 32Mi)");
      return fallback;
    }
    long unit =
        m.group(2) == null
            ? 1
            : switch (m.group(2)) {
              case "Ki" -> 1L << 10;
              case "Mi" -> 1L << 20;
              default -> 1L << 30;
            };
    long parsed = Long.parseLong(m.group(1)) * unit;
    if (parsed <= 0) {
      violation(key, "must be > 0");
      return fallback;
    }
    if (parsed > max) {
      violation(key, "must be <= " + max + ", got " + parsed);
      return fallback;
    }
    return parsed;
  }

  Duration duration(String key, Duration fallback, Duration min, Duration max) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    Optional<Duration> parsed = StrictDuration.parse(value.get());
    if (parsed.isEmpty()) {
      violation(key, "not a duration \"" + value.get() + "\" (use e.g. 500ms, 5s, 2m)");
      return fallback;
    }
    Duration d = parsed.get();
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      violation(
          key,
          "must be in "
              + StrictDuration.format(min)
              + ".."
              + StrictDuration.format(max)
              + ", got "
              + value.get());
      return fallback;
    }
    return d;
  }

  <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return fallback;
    }
    for (E option : type.getEnumConstants()) {
      if (option.name().equalsIgnoreCase(value.get())) {
        return option;
      }
    }
    String options =
        Arrays.stream(type.getEnumConstants())
            .map(o -> o.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    violation(key, "must be one of " + options + "; got \"" + value.get() + "\"");
    return fallback;
  }

  /** A path that must name a readable regular file; empty (with a violation) otherwise. */
  Optional<Path> readableFile(String key, String requiredBecause) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      violation(key, "required " + requiredBecause);
      return Optional.empty();
    }
    Path path = Path.of(value.get());
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      violation(key, "no readable file at " + path);
      return Optional.empty();
    }
    return Optional.of(path);
  }
}
