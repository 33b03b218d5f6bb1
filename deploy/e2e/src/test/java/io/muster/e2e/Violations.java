package io.muster.e2e;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the soak's checks found, counted per {@link Kind}, with the first few messages of each.
 * Three ways in: {@link #add} every time, {@link #once} once per key, and {@link #suspect} for what
 * may be seen for a moment (the ledger has not yet seen a change, or a known race): it counts when
 * the same key is suspected in a given number of rounds in a row, and every suspicion is kept as an
 * observation for the figures. Not thread-safe: one checker thread.
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

  /** A key suspected in consecutive rounds: how many so far, and its kind. */
  private record Streak(Kind kind, int rounds) {}

  private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
  private final Map<Kind, Integer> observed = new EnumMap<>(Kind.class);
  private final Map<Kind, Integer> longestStreak = new EnumMap<>(Kind.class);
  private final List<String> observedSamples = new ArrayList<>();
  private final List<String> samples = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();
  private final Map<String, Streak> streaks = new HashMap<>();
  private final Set<String> suspectedNow = new HashSet<>();
  private int round;

  void add(Kind kind, String detail) {
    int n = counts.merge(kind, 1, Integer::sum);
    if (n <= SAMPLES_PER_KIND) {
      samples.add(kind + ": " + detail);
    }
  }

  void once(String key, Kind kind, String detail) {
    if (reported.add(kind + " " + key)) {
      add(kind, detail);
    }
  }

  /**
   * {@code key} is suspected in this round; once it has been suspected in {@code rounds}
   * consecutive rounds it is a violation (once per streak). Every suspicion is also observed.
   */
  void suspect(String key, Kind kind, String detail, int rounds) {
    String k = kind + " " + key;
    if (!suspectedNow.add(k)) {
      return;
    }
    observe(kind, "check " + round + ": " + detail);
    Streak s = streaks.merge(k, new Streak(kind, 1), (a, b) -> new Streak(kind, a.rounds() + 1));
    longestStreak.merge(kind, s.rounds(), Math::max);
    if (s.rounds() == rounds) {
      add(kind, detail + " (" + rounds + " checks in a row)");
    }
  }

  /** Ends a round: a streak not continued in it is over. */
  void endRound() {
    streaks.keySet().retainAll(suspectedNow);
    suspectedNow.clear();
    round++;
  }

  private void observe(Kind kind, String detail) {
    int n = observed.merge(kind, 1, Integer::sum);
    if (n <= 2 * SAMPLES_PER_KIND) {
      observedSamples.add(kind + ": " + detail);
    }
  }

  /** Suspicions per kind, whether or not they became violations. */
  Map<Kind, Integer> observed() {
    return new EnumMap<>(observed);
  }

  List<String> observedSamples() {
    return List.copyOf(observedSamples);
  }

  /** The longest run of consecutive rounds a key of each kind was suspected in. */
  Map<Kind, Integer> longestStreak() {
    return new EnumMap<>(longestStreak);
  }

  int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Violations and suspicions together. */
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
