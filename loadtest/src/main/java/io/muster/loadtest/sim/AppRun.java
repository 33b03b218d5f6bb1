package io.muster.loadtest.sim;

import io.muster.loadtest.trace.AppSpec;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.PodConstraints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The life of one simulated Spark application, as Spark runs it: the driver starts alone, asks for
 * executor pods in batches, and its job runs only once {@code minExecutors} executors are up (the
 * "driver waiting for executors" phase can last forever: that is the deadlock). Work proceeds at
 * one executor-millisecond per running executor per millisecond; extra executors (dynamic
 * allocation) speed it up.
 */
final class AppRun {
  enum Phase {
    SUBMITTED,
    WAITING_FOR_EXECUTORS,
    RUNNING,
    DONE
  }

  final AppSpec spec;
  final GangSpec gang;
  Phase phase = Phase.SUBMITTED;
  SimPod driver;
  final List<SimPod> executors = new ArrayList<>();
  int boundExecutors;
  int targetExecutors;
  boolean creatingExecutors;
  boolean startDeadlinePassed;

  long driverStartedAt = -1;
  long runStartedAt = -1;
  long doneAt = -1;
  long remainingWork;
  long lastRateChange;
  int rate;
  int finishVersion;

  long executorIdleMilliCpuMillis;
  int scaleUps;
  int executorsAtFinish;
  int nodesAtFinish;
  double crossZoneAtFinish;

  AppRun(AppSpec spec) {
    this.spec = spec;
    this.gang =
        new GangSpec(
            new GangId("spark", spec.id()),
            Instant.ofEpochSecond(spec.arrivalSeconds()),
            0,
            Optional.of(spec.driver()),
            spec.executor(),
            spec.minExecutors(),
            spec.maxExecutors(),
            PodConstraints.NONE);
  }

  /** CPU of the pods this application has bound now, in millicores. */
  long boundMilliCpu() {
    long cpu = driver != null && driver.bound() ? driver.request.milliCpu() : 0;
    return cpu + (long) boundExecutors * spec.executor().milliCpu();
  }
}
