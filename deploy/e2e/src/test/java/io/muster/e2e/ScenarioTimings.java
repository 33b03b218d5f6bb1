package io.muster.e2e;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Per scenario: time from driver creation to the last executor bound, printed after the suite. */
final class ScenarioTimings {
  private static final Map<String, String> ROWS = new ConcurrentSkipListMap<>();

  private ScenarioTimings() {}

  static void record(String scenario, long driverCreatedToLastBoundMs, String note) {
    ROWS.put(scenario, String.format(Locale.ROOT, "%8d ms  %s", driverCreatedToLastBoundMs, note));
  }

  /** A row of figures without a time (e.g. the soak's counts). */
  static void note(String scenario, String figures) {
    ROWS.put(scenario, String.format(Locale.ROOT, "%11s  %s", "", figures));
  }

  static String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("\n=== Muster end-to-end: driver created -> last executor bound ===\n");
    ROWS.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-48s %s%n", k, v)));
    return sb.toString();
  }
}
