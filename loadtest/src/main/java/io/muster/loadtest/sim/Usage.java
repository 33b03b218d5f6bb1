package io.muster.loadtest.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Integrates cluster CPU levels over simulated time and samples them at a fixed step. Levels only
 * change while an event is handled, so advancing to the next event's time before handling it
 * integrates exactly.
 */
final class Usage {
  /** The levels in force since the last event, in millicores. */
  record Level(long capacity, long allocated, long useful, int driversWaiting) {}

  private final long stepMillis;
  private final List<UsageSample> samples = new ArrayList<>();
  private long last;
  private long nextSample;
  private double capacity;
  private double allocated;
  private double useful;

  Usage(long stepMillis) {
    this.stepMillis = stepMillis;
  }

  void advance(long to, Level level) {
    while (nextSample <= to) {
      samples.add(
          new UsageSample(
              nextSample / 1000.0,
              level.capacity() / 1000.0,
              level.allocated() / 1000.0,
              level.useful() / 1000.0,
              level.driversWaiting()));
      nextSample += stepMillis;
    }
    long dt = to - last;
    capacity += (double) level.capacity() * dt;
    allocated += (double) level.allocated() * dt;
    useful += (double) level.useful() * dt;
    last = to;
  }

  List<UsageSample> samples() {
    return List.copyOf(samples);
  }

  /** {capacity, allocated, useful} millicore-milliseconds integrated so far. */
  double[] totals() {
    return new double[] {capacity, allocated, useful};
  }
}
