package io.muster.extender.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How current the cluster view is. {@code staleFor} is zero while every required informer's watch
 * is up, and otherwise the time since the longest-broken one was last seen watching (or delivered
 * an event): the view may be missing changes from that long. {@code lastEvent} is the last event of
 * any kind (a quiet cluster has old events and a fresh view, so use {@code staleFor} for bounds).
 */
public record ViewHealth(
    boolean synced,
    boolean watching,
    Duration staleFor,
    Instant lastEvent,
    List<String> notWatching,
    boolean sparkApplicationsWatched) {
  public ViewHealth {
    notWatching = List.copyOf(notWatching);
  }

  /** True when synced and no watch has been broken for longer than {@code bound}. */
  public boolean freshWithin(Duration bound) {
    return synced && staleFor.compareTo(bound) <= 0;
  }
}
