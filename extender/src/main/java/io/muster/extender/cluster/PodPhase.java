package io.muster.extender.cluster;

import java.util.Locale;

/** The Kubernetes pod phase; a missing or unknown phase reads as {@link #PENDING}. */
public enum PodPhase {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  UNKNOWN;

  /** Parses {@code status.phase}; null or unrecognised text is {@link #PENDING}. */
  public static PodPhase parse(String phase) {
    if (phase == null) {
      return PENDING;
    }
    return switch (phase.toLowerCase(Locale.ROOT)) {
      case "running" -> RUNNING;
      case "succeeded" -> SUCCEEDED;
      case "failed" -> FAILED;
      case "unknown" -> UNKNOWN;
      default -> PENDING;
    };
  }

  /** A finished pod no longer holds room on its node. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
