package io.muster.loadtest.throughput;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * When a run's pods were bound, for telling where a run waits rather than how long it took: the
 * drivers' binding times (executors are created only once their driver is bound) and the pods bound
 * in each quarter second from the first creation. A quarter with no binding between the first and
 * the last busy one is time the scheduler had nothing to bind: no pod was waiting, or the loop was
 * held (an extender's answer, a backoff).
 *
 * @param driversBoundMs the drivers' binding times, ms after the first creation, ascending
 * @param boundPerQuarter pods bound in each 250 ms from the first creation
 */
record BindTimeline(List<Long> driversBoundMs, List<Integer> boundPerQuarter) {
  static final long QUARTER_NANOS = 250_000_000L;

  BindTimeline {
    driversBoundMs = List.copyOf(driversBoundMs);
    boundPerQuarter = List.copyOf(boundPerQuarter);
  }

  /**
   * From {@code start} (nanoTime of the first creation), the drivers' and all pods' binding
   * nanoTimes; bindings before {@code start} (none in a real run) count in the first quarter.
   */
  static BindTimeline of(long start, Collection<Long> driversBound, Collection<Long> allBound) {
    List<Long> drivers =
        driversBound.stream().map(t -> Math.max(0, t - start) / 1_000_000).sorted().toList();
    int quarters = allBound.stream().mapToInt(t -> quarter(start, t) + 1).max().orElse(0);
    int[] counts = new int[quarters];
    allBound.forEach(t -> counts[quarter(start, t)]++);
    List<Integer> perQuarter = new ArrayList<>(quarters);
    for (int c : counts) {
      perQuarter.add(c);
    }
    return new BindTimeline(drivers, perQuarter);
  }

  private static int quarter(long start, long t) {
    return (int) (Math.max(0, t - start) / QUARTER_NANOS);
  }

  /** Quarters without a binding after the first binding and before the last one. */
  int idleQuarters() {
    int first = -1;
    int last = -1;
    for (int i = 0; i < boundPerQuarter.size(); i++) {
      if (boundPerQuarter.get(i) > 0) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    int idle = 0;
    for (int i = first + 1; i < last; i++) {
      idle += boundPerQuarter.get(i) == 0 ? 1 : 0;
    }
    return idle;
  }

  /** The driver bound at {@code fraction} (0 = first, 1 = last) of the drivers, in ms. */
  long driverBoundMs(double fraction) {
    if (driversBoundMs.isEmpty()) {
      return -1;
    }
    int i = (int) Math.round(fraction * (driversBoundMs.size() - 1));
    return driversBoundMs.get(i);
  }

  /** One log line: drivers' first / median / last binding, idle quarters, the counts. */
  String line(String config, int round) {
    return String.format(
        "timeline config=%s round=%d: drivers bound at %d / %d / %d ms (first / median / last);"
            + " %d idle quarter seconds before the last binding; pods bound per 250 ms: %s",
        config,
        round,
        driverBoundMs(0),
        driverBoundMs(0.5),
        driverBoundMs(1),
        idleQuarters(),
        boundPerQuarter.stream().map(String::valueOf).collect(Collectors.joining(" ")));
  }
}
