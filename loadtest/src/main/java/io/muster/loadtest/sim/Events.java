package io.muster.loadtest.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The simulation's future: actions at simulated times. Actions due at the same time run in the
 * order they were scheduled, which keeps a run deterministic.
 */
final class Events {
  sealed interface Action {}

  record Arrive(AppRun app) implements Action {}

  record CreateExecutors(AppRun app) implements Action {}

  record Pass() implements Action {}

  record Flush() implements Action {}

  record Finish(AppRun app, int version) implements Action {}

  record AutoscaleCheck() implements Action {}

  record NodesReady(int count) implements Action {}

  record ScaleDownCheck(String node, long emptySince) implements Action {}

  record StartDeadline(AppRun app) implements Action {}

  record Scheduled(long at, long seq, Action action) {}

  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>(
          Comparator.comparingLong(Scheduled::at).thenComparingLong(Scheduled::seq));
  private long seq;

  Scheduled add(long at, Action action) {
    Scheduled s = new Scheduled(at, seq++, action);
    queue.add(s);
    return s;
  }

  /** Drops a scheduled action that no longer applies. */
  void remove(Scheduled s) {
    queue.remove(s);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  Scheduled peek() {
    return queue.peek();
  }

  Scheduled poll() {
    return queue.poll();
  }
}
