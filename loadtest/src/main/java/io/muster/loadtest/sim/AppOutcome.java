package io.muster.loadtest.sim;

/**
 * What happened to one application in one run, in simulated seconds since the trace's start; -1
 * marks a step never reached. {@code driverWaitSeconds} runs from the driver's start to the start
 * of the job (or to the end of the run). {@code nodes} and {@code crossZoneShare} describe the
 * executors running when the job finished (the share outside the zone holding most of them).
 */
public record AppOutcome(
    String id,
    double arrival,
    double driverStart,
    double runStart,
    double done,
    double driverWaitSeconds,
    long driverMilliCpu,
    boolean shuffleHeavy,
    int executors,
    int nodes,
    double crossZoneShare,
    int scaleUps) {
  public boolean completed() {
    return done >= 0;
  }

  public double completionSeconds() {
    return completed() ? done - arrival : -1;
  }
}
