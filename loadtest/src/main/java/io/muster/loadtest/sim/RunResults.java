package io.muster.loadtest.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Turns the final state of a {@link Simulation} into its {@link RunResult}. */
final class RunResults {
  private static final double HOUR_MILLIS = 3_600_000.0;

  private final SimSettings settings;
  private final Optional<Autoscaler> autoscaler;

  RunResults(SimSettings settings, Optional<Autoscaler> autoscaler) {
    this.settings = settings;
    this.autoscaler = autoscaler;
  }

  RunResult of(
      String contender,
      List<AppRun> apps,
      long end,
      long lastCompletion,
      double[] totalsAtLastCompletion,
      double[] totalsAtEnd,
      List<UsageSample> samples) {
    List<AppOutcome> outcomes = new ArrayList<>();
    int deadlocked = 0;
    int neverStarted = 0;
    int stuck = 0;
    double driverCoreMillis = 0;
    double idleCoreMillis = 0;
    for (AppRun app : apps) {
      long wait = driverWait(app, end);
      if (app.phase == AppRun.Phase.WAITING_FOR_EXECUTORS) {
        deadlocked++;
        for (SimPod e : app.executors) {
          idleCoreMillis += e.bound() ? (double) e.request.milliCpu() * (end - e.boundAt) : 0;
        }
      }
      neverStarted += app.phase == AppRun.Phase.SUBMITTED ? 1 : 0;
      stuck += wait >= settings.stuckThresholdSeconds() * 1000 ? 1 : 0;
      driverCoreMillis += (double) app.spec.driver().milliCpu() * wait;
      idleCoreMillis += app.executorIdleMilliCpuMillis;
      outcomes.add(outcome(app, wait));
    }
    List<AppOutcome> done = outcomes.stream().filter(AppOutcome::completed).toList();
    double[] completion = done.stream().mapToDouble(AppOutcome::completionSeconds).toArray();
    boolean all = done.size() == apps.size();
    double[] totals = all ? totalsAtLastCompletion : totalsAtEnd;
    List<AppOutcome> spread = done.stream().filter(o -> o.executors() >= 2).toList();
    List<AppOutcome> scaled = outcomes.stream().filter(o -> o.scaleUps() > 0).toList();
    return new RunResult(
        contender,
        autoscaler.isPresent(),
        apps.size(),
        done.size(),
        deadlocked,
        neverStarted,
        stuck,
        driverCoreMillis / 1000 / HOUR_MILLIS,
        idleCoreMillis / 1000 / HOUR_MILLIS,
        mean(completion),
        percentile(completion, 0.95),
        all && lastCompletion >= 0 ? lastCompletion / 1000.0 : -1,
        end / 1000.0,
        totals[0] == 0 ? 0 : totals[2] / totals[0],
        totals[0] == 0 ? 0 : totals[1] / totals[0],
        mean(done.stream().mapToDouble(AppOutcome::nodes).toArray()),
        mean(spread.stream().mapToDouble(AppOutcome::crossZoneShare).toArray()),
        mean(
            spread.stream()
                .filter(AppOutcome::shuffleHeavy)
                .mapToDouble(AppOutcome::crossZoneShare)
                .toArray()),
        autoscaler.map(a -> a.scaleUps).orElse(0),
        autoscaler.map(a -> a.nodesAdded).orElse(0),
        autoscaler.map(a -> a.peakNodes).orElse(0),
        mean(scaled.stream().mapToDouble(AppOutcome::scaleUps).toArray()),
        (int) scaled.stream().filter(o -> o.scaleUps() >= 2).count(),
        outcomes,
        samples);
  }

  /** From the driver's start to the job's start (or the end of the run); 0 without a driver. */
  private static long driverWait(AppRun app, long end) {
    if (app.driverStartedAt < 0) {
      return 0;
    }
    return (app.runStartedAt >= 0 ? app.runStartedAt : end) - app.driverStartedAt;
  }

  private static AppOutcome outcome(AppRun app, long wait) {
    return new AppOutcome(
        app.spec.id(),
        app.spec.arrivalSeconds(),
        seconds(app.driverStartedAt),
        seconds(app.runStartedAt),
        seconds(app.doneAt),
        wait / 1000.0,
        app.spec.driver().milliCpu(),
        app.spec.shuffleHeavy(),
        app.executorsAtFinish,
        app.nodesAtFinish,
        app.crossZoneAtFinish,
        app.scaleUps);
  }

  private static double seconds(long millis) {
    return millis < 0 ? -1 : millis / 1000.0;
  }

  static double mean(double[] values) {
    return values.length == 0 ? 0 : Arrays.stream(values).sum() / values.length;
  }

  /** Nearest-rank percentile; 0 for no values. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
