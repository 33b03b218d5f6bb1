package io.muster.e2e;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the soak's checks found, counted per {@link Kind}, with the first few messages of each.
 * Three ways in: {@link #add} every time, {@link #once} once per key, and {@link #suspect} for a
 * property that only holds after the ledger has seen a change: it counts when the same key is
 * suspected in two rounds in a row. Apart from those, {@link #observe} keeps what was seen in a
 * single round. Not thread-safe: one checker thread.
 */
final class Violations {
  /** What can go wrong; each a separate count in the report. */
  enum Kind {
    /** Bound pods' requests exceed a node's allocatable (API server alone). */
    NODE_OVERCOMMITTED,
    /** Bound pods plus the room live reservations hold exceed a node's allocatable. */
    LEDGER_OVERBOOKED,
    /** {@code heldByNode} disagrees with the reservations listed in the same answer. */
    HELD_DISAGREES,
    /** The ledger holds a gang no soak application made. */
    UNKNOWN_GANG,
    /** A bound executor of an admitted gang is neither on its slot's node nor a known extra. */
    EXECUTOR_OUTSIDE_SLOTS,
    /** An executor beyond the reserved slots of a gang without dynamic allocation. */
    STATIC_GANG_EXTRA,
    /** Bound driver, no reservation, executors unbound, for longer than the bound. */
    DRIVER_WITHOUT_RESERVATION,
    /** An executor of an admitted static gang unbound for longer than the bound. */
    EXECUTOR_STUCK,
    /** {@code muster.io/reservation} on a pod other than a live application's driver. */
    STRAY_RESERVATION_ANNOTATION,
    /** A secret canary value in {@code /debug/gangs} or {@code /explain}. */
    SECRET_IN_DEBUG_VIEW
  }

  private static final int SAMPLES_PER_KIND = 4;

  private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
  private final Map<Kind, Integer> observed = new EnumMap<>(Kind.class);
  private final List<String> observedSamples = new ArrayList<>();
  private final List<String> samples = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();
  private Map<String, String> suspectedBefore = Map.of();
  private Map<String, String> suspectedNow = new LinkedHashMap<>();
  private final Map<String, Kind> suspectKinds = new LinkedHashMap<>();

  void add(Kind kind, String detail) {
    int n = counts.merge(kind, 1, Integer::sum);
    if (n <= SAMPLES_PER_KIND) {
      samples.add(kind + ": " + detail);
    }
  }

  /**
   * Seen in one round, not (yet) a violation: a race that resolves itself by the next check still
   * shows in the figures, and fails a strict run ({@code muster.soak.strict}).
   */
  void observe(Kind kind, String detail) {
    int n = observed.merge(kind, 1, Integer::sum);
    if (n <= 2 * SAMPLES_PER_KIND) {
      observedSamples.add(kind + ": " + detail);
    }
  }

  Map<Kind, Integer> observed() {
    return new EnumMap<>(observed);
  }

  List<String> observedSamples() {
    return List.copyOf(observedSamples);
  }

  void once(String key, Kind kind, String detail) {
    if (reported.add(kind + " " + key)) {
      add(kind, detail);
    }
  }

  void suspect(String key, Kind kind, String detail) {
    suspectedNow.put(kind + " " + key, detail);
    suspectKinds.put(kind + " " + key, kind);
  }

  /** Ends a round: a suspicion also raised in the round before is a violation (once). */
  void endRound() {
    suspectedNow.forEach(
        (key, detail) -> {
          if (suspectedBefore.containsKey(key)) {
            once(key, suspectKinds.get(key), detail);
          }
        });
    suspectKinds.keySet().retainAll(suspectedNow.keySet());
    suspectedBefore = suspectedNow;
    suspectedNow = new LinkedHashMap<>();
  }

  int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Violations and single-round observations together. */
  int seen() {
    return total() + observed.values().stream().mapToInt(Integer::intValue).sum();
  }

  Map<Kind, Integer> counts() {
    return new EnumMap<>(counts);
  }

  List<String> samples() {
    return List.copyOf(samples);
  }
}
