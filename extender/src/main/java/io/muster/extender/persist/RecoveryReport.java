package io.muster.extender.persist;

import java.util.List;

/** Everything recovery rebuilt from the cluster, and every annotation it did not restore. */
public record RecoveryReport(List<RecoveredGang> gangs, List<SkippedReservation> skipped) {
  public RecoveryReport {
    gangs = List.copyOf(gangs);
    skipped = List.copyOf(skipped);
  }
}
