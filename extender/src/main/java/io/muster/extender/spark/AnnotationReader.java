package io.muster.extender.spark;

import static io.muster.extender.spark.GangAnnotations.EXECUTOR_COUNT;
import static io.muster.extender.spark.GangAnnotations.EXECUTOR_CPU;
import static io.muster.extender.spark.GangAnnotations.EXECUTOR_MEMORY;
import static io.muster.extender.spark.GangAnnotations.GANG_SIZE;
import static io.muster.extender.spark.GangAnnotations.MAX_EXECUTORS;
import static io.muster.extender.spark.GangAnnotations.MIN_EXECUTORS;
import static io.muster.extender.spark.GangAnnotations.MUSTER_KEYS;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_DA_ENABLED;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_DA_MAX;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_DA_MIN;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_DRIVER_CPU;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_DRIVER_MEM;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_EXECUTOR_COUNT;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_EXECUTOR_CPU;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_EXECUTOR_MEM;
import static io.muster.extender.spark.GangAnnotations.PALANTIR_KEYS;
import static io.muster.extender.spark.GangAnnotations.PREFIX;
import static io.muster.extender.spark.GangAnnotations.PRIORITY;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;

/** One reading of {@link GangAnnotations}; collects every problem instead of stopping early. */
final class AnnotationReader {
  private static final Set<String> PALANTIR_COUNT_KEYS =
      Set.of(PALANTIR_EXECUTOR_COUNT, PALANTIR_DA_ENABLED, PALANTIR_DA_MIN, PALANTIR_DA_MAX);
  private static final int MAX_TYPO_DISTANCE = 2;

  private final SortedMap<String, String> annotations;
  private final GangAnnotations.Role role;
  private final Set<String> systemKeys;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();
  private final List<String> used = new ArrayList<>();

  AnnotationReader(
      SortedMap<String, String> annotations, GangAnnotations.Role role, Set<String> systemKeys) {
    this.annotations = annotations;
    this.role = role;
    this.systemKeys = systemKeys;
  }

  GangAnnotations.Reading read() {
    reportUnknownKeys();
    OptionalInt priority = count(PRIORITY, Integer.MIN_VALUE);
    GangAnnotations.Overrides o =
        role == GangAnnotations.Role.DRIVER ? driver(priority) : executor(priority);
    return new GangAnnotations.Reading(o, errors, warnings);
  }

  private GangAnnotations.Overrides driver(OptionalInt priority) {
    ignore(GANG_SIZE, "it applies to client-mode executor pods, which have no driver");
    OptionalInt count = count(EXECUTOR_COUNT, 0);
    OptionalInt min = count(MIN_EXECUTORS, 0);
    OptionalInt max = count(MAX_EXECUTORS, 0);
    if (count.isPresent() && (min.isPresent() || max.isPresent())) {
      errors.add(
          conflict(
              EXECUTOR_COUNT,
              "set either " + EXECUTOR_COUNT + " or " + MIN_EXECUTORS + "/" + MAX_EXECUTORS));
    }
    boolean musterCount = count.isPresent() || min.isPresent() || max.isPresent();
    if (musterCount) {
      for (String k : PALANTIR_COUNT_KEYS) {
        if (annotations.containsKey(k)) {
          warnings.add(conflict(k, "ignored: Muster's own executor count annotations win"));
        }
      }
    } else {
      boolean dynamic = bool(PALANTIR_DA_ENABLED);
      if (dynamic) {
        min = count(PALANTIR_DA_MIN, 0);
        max = count(PALANTIR_DA_MAX, 0);
        ignore(PALANTIR_EXECUTOR_COUNT, PALANTIR_DA_ENABLED + " is true");
      } else {
        count = count(PALANTIR_EXECUTOR_COUNT, 0);
        ignore(PALANTIR_DA_MIN, PALANTIR_DA_ENABLED + " is not true");
        ignore(PALANTIR_DA_MAX, PALANTIR_DA_ENABLED + " is not true");
      }
    }
    if (min.isPresent() && max.isPresent() && min.getAsInt() > max.getAsInt()) {
      errors.add(
          new Problem(
              Problem.Kind.INVALID_ANNOTATION,
              "annotation " + (musterCount ? MIN_EXECUTORS : PALANTIR_DA_MIN),
              "minimum " + min.getAsInt() + " exceeds maximum " + max.getAsInt()));
    }
    OptionalLong cpu = preferred(EXECUTOR_CPU, PALANTIR_EXECUTOR_CPU, true);
    OptionalLong memory = preferred(EXECUTOR_MEMORY, PALANTIR_EXECUTOR_MEM, false);
    OptionalLong driverCpu = quantity(PALANTIR_DRIVER_CPU, true);
    OptionalLong driverMemory = quantity(PALANTIR_DRIVER_MEM, false);
    return new GangAnnotations.Overrides(
        cpu, memory, count, min, max, OptionalInt.empty(), priority, driverCpu, driverMemory, used);
  }

  private GangAnnotations.Overrides executor(OptionalInt priority) {
    String onDriver = "it applies to driver pods";
    for (String k :
        List.of(EXECUTOR_COUNT, MIN_EXECUTORS, MAX_EXECUTORS, EXECUTOR_CPU, EXECUTOR_MEMORY)) {
      ignore(k, onDriver + (k.equals(EXECUTOR_COUNT) ? " (use " + GANG_SIZE + ")" : ""));
    }
    for (String k : PALANTIR_KEYS) {
      if (!k.equals(PALANTIR_EXECUTOR_COUNT)) {
        ignore(k, onDriver);
      }
    }
    OptionalInt size = count(GANG_SIZE, 1);
    OptionalInt alias = count(PALANTIR_EXECUTOR_COUNT, 1);
    if (size.isPresent() && alias.isPresent() && size.getAsInt() != alias.getAsInt()) {
      warnings.add(conflict(PALANTIR_EXECUTOR_COUNT, "ignored: " + GANG_SIZE + " wins"));
    }
    return new GangAnnotations.Overrides(
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        size.isPresent() ? size : alias,
        priority,
        OptionalLong.empty(),
        OptionalLong.empty(),
        used);
  }

  /** Muster's key if set, else the palantir alias; a differing alias gets a warning. */
  private OptionalLong preferred(String musterKey, String aliasKey, boolean cpu) {
    OptionalLong own = quantity(musterKey, cpu);
    OptionalLong alias = quantity(aliasKey, cpu);
    if (own.isPresent() && alias.isPresent() && own.getAsLong() != alias.getAsLong()) {
      warnings.add(conflict(aliasKey, "ignored: " + musterKey + " wins"));
    }
    return own.isPresent() ? own : alias;
  }

  private void reportUnknownKeys() {
    for (String key : annotations.keySet()) {
      if (MUSTER_KEYS.contains(key) || PALANTIR_KEYS.contains(key) || systemKeys.contains(key)) {
        continue;
      }
      if (key.startsWith(PREFIX)) {
        String hint = nearest(key, MUSTER_KEYS, MAX_TYPO_DISTANCE + 2);
        warnings.add(
            new Problem(
                Problem.Kind.UNKNOWN_ANNOTATION,
                "annotation " + key,
                "unknown Muster annotation, ignored; "
                    + (hint != null
                        ? "did you mean " + hint + "?"
                        : "known: " + String.join(", ", MUSTER_KEYS.stream().sorted().toList()))));
      } else if (key.startsWith("spark-")) {
        String hint = nearest(key, PALANTIR_KEYS, MAX_TYPO_DISTANCE);
        if (hint != null) {
          warnings.add(
              new Problem(
                  Problem.Kind.UNKNOWN_ANNOTATION,
                  "annotation " + key,
                  "not a gang annotation, ignored; did you mean " + hint + "?"));
        }
      }
    }
  }

  private OptionalInt count(String key, int min) {
    String raw = annotations.get(key);
    if (raw == null) {
      return OptionalInt.empty();
    }
    String v = raw.trim();
    try {
      int value = Integer.parseInt(v);
      if (min >= 0 && !v.chars().allMatch(Character::isDigit)) {
        invalid(key, raw, "not a plain non-negative integer");
        return OptionalInt.empty();
      }
      if (value < min) {
        invalid(key, raw, "must be >= " + min);
        return OptionalInt.empty();
      }
      used.add(key);
      return OptionalInt.of(value);
    } catch (NumberFormatException e) {
      invalid(key, raw, "not an integer");
      return OptionalInt.empty();
    }
  }

  private OptionalLong quantity(String key, boolean cpu) {
    String raw = annotations.get(key);
    if (raw == null) {
      return OptionalLong.empty();
    }
    try {
      String field = "annotation " + key;
      long value =
          cpu
              ? KubeQuantity.parseMilli(raw.trim(), field)
              : KubeQuantity.parseUnits(raw.trim(), field);
      used.add(key);
      return OptionalLong.of(value);
    } catch (InvalidQuantityException e) {
      invalid(
          key,
          raw,
          "not a Kubernetes quantity (e.g. "
              + (cpu ? "\"2\", \"500m\"" : "\"4505Mi\", \"5Gi\"")
              + ")");
      return OptionalLong.empty();
    }
  }

  /** Go's strconv.ParseBool, as palantir parsed it. */
  private boolean bool(String key) {
    String raw = annotations.get(key);
    if (raw == null) {
      return false;
    }
    switch (raw.trim()) {
      case "1", "t", "T", "TRUE", "true", "True" -> {
        used.add(key);
        return true;
      }
      case "0", "f", "F", "FALSE", "false", "False" -> {
        used.add(key);
        return false;
      }
      default -> {
        invalid(key, raw, "not a boolean (true or false)");
        return false;
      }
    }
  }

  private void ignore(String key, String why) {
    if (annotations.containsKey(key)) {
      warnings.add(
          new Problem(Problem.Kind.IGNORED_ANNOTATION, "annotation " + key, "ignored: " + why));
    }
  }

  private void invalid(String key, String raw, String reason) {
    errors.add(
        new Problem(
            Problem.Kind.INVALID_ANNOTATION,
            "annotation " + key,
            "value \"" + shorten(raw) + "\": " + reason));
  }

  private static Problem conflict(String key, String message) {
    return new Problem(Problem.Kind.CONFLICTING_ANNOTATIONS, "annotation " + key, message);
  }

  private static String shorten(String raw) {
    return raw.length() <= 64 ? raw : raw.substring(0, 64) + "…";
  }

  /** The closest known key within {@code limit} edits, or null. */
  private static String nearest(String key, Set<String> known, int limit) {
    String lower = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int bestPrefix = -1;
    for (String candidate : known.stream().sorted().toList()) {
      int d = distance(lower, candidate);
      // On a tie prefer the key sharing the longest start (an abbreviation: executor-mem).
      int prefix = commonPrefix(lower, candidate);
      if (d < bestDistance || (d == bestDistance && prefix > bestPrefix)) {
        bestDistance = d;
        bestPrefix = prefix;
        best = candidate;
      }
    }
    return bestDistance <= limit ? best : null;
  }

  private static int commonPrefix(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n;
  }

  /** Levenshtein distance; keys are short (annotation names are at most 317 chars). */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
