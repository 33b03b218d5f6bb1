package io.muster.placement.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How waiting gangs are ordered; {@link #wireName()} is the name used in policies. */
public enum QueueDiscipline {
  /** An older (or higher-priority) waiting gang blocks every younger one. */
  STRICT_FIFO("strict-fifo"),
  /** A younger gang may pass only when it cannot delay the head of the queue (see the planner). */
  BACKFILL("backfill"),
  /** No ordering: whoever fits is admitted. */
  NONE("none");

  private final String wireName;

  QueueDiscipline(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<QueueDiscipline> fromWireName(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.wireName.equals(n)).findFirst();
  }

  public static String knownNames() {
    return Arrays.stream(values()).map(QueueDiscipline::wireName).collect(Collectors.joining(", "));
  }
}
