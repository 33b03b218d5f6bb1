package io.muster.loadtest.sim;

import io.muster.loadtest.sim.Events.Arrive;
import io.muster.loadtest.sim.Events.AutoscaleCheck;
import io.muster.loadtest.sim.Events.CreateExecutors;
import io.muster.loadtest.sim.Events.Finish;
import io.muster.loadtest.sim.Events.Flush;
import io.muster.loadtest.sim.Events.NodesReady;
import io.muster.loadtest.sim.Events.Pass;
import io.muster.loadtest.sim.Events.ScaleDownCheck;
import io.muster.loadtest.sim.Events.StartDeadline;
import io.muster.loadtest.trace.AppSpec;
import io.muster.loadtest.trace.Trace;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A discrete-event simulation of Spark applications on a cluster under one {@link Contender}.
 * Simulated time only (milliseconds since the trace's start): nothing sleeps or reads a clock, and
 * events at equal times run in the order they were scheduled, so a run is a pure function of its
 * inputs.
 *
 * <p>kube-scheduler is modelled as a scheduling pass over all pending pods in creation order after
 * every change of the cluster (a pod created or gone, a node added) and at least every {@link
 * SimSettings#flushSeconds()}; the contender decides each pod's node.
 */
public final class Simulation {
  private final Trace trace;
  private final Contender contender;
  private final SimSettings settings;
  private final SimCluster cluster;
  private final PodPlacement placement;
  private final Optional<Autoscaler> autoscaler;
  private final Events queue = new Events();
  private final LinkedHashMap<Long, SimPod> pending = new LinkedHashMap<>();
  private final List<AppRun> apps = new ArrayList<>();
  private final Map<AppRun, Events.Scheduled> finishes = new HashMap<>();
  private final Usage usage;
  private long now;
  private long podSeq;
  private boolean passQueued;
  private boolean flushQueued;
  private int idleFlushes;
  private long usefulMilliCpu;
  private int driversWaiting;
  private long lastCompletion = -1;
  private double[] totalsAtLastCompletion = {0, 0, 0};

  private Simulation(
      Trace trace, Contender contender, SimSettings settings, Optional<AutoscalerSettings> as) {
    this.trace = trace;
    this.contender = contender;
    this.settings = settings;
    this.cluster = new SimCluster(trace.cluster());
    this.placement =
        switch (contender) {
          case Contender.FirstFit f -> new FirstFitPlacement();
          case Contender.Muster m -> new MusterPlacement(m.policy());
        };
    this.autoscaler = as.map(s -> new Autoscaler(s, trace.cluster().nodes()));
    this.usage = new Usage(settings.sampleSeconds() * 1000);
  }

  /** Runs {@code trace} under {@code contender} on a fixed-size cluster. */
  public static RunResult run(Trace trace, Contender contender, SimSettings settings) {
    return new Simulation(trace, contender, settings, Optional.empty()).execute();
  }

  /** Runs {@code trace} under {@code contender} with a cluster autoscaler. */
  public static RunResult run(
      Trace trace, Contender contender, SimSettings settings, AutoscalerSettings autoscaler) {
    return new Simulation(trace, contender, settings, Optional.of(autoscaler)).execute();
  }

  private RunResult execute() {
    long lastArrival = 0;
    for (AppSpec spec : trace.apps()) {
      AppRun app = new AppRun(spec);
      apps.add(app);
      schedule(spec.arrivalSeconds() * 1000, new Arrive(app));
      lastArrival = Math.max(lastArrival, spec.arrivalSeconds() * 1000);
    }
    long horizon = lastArrival + settings.horizonSeconds() * 1000;
    while (!queue.isEmpty() && queue.peek().at() <= horizon) {
      Events.Scheduled next = queue.poll();
      usage.advance(next.at(), level());
      now = next.at();
      handle(next.action());
    }
    return new RunResults(settings, autoscaler)
        .of(
            contender.name(),
            apps,
            now,
            lastCompletion,
            totalsAtLastCompletion,
            usage.totals(),
            usage.samples());
  }

  private void handle(Events.Action action) {
    switch (action) {
      case Arrive a -> {
        a.app().driver = newPod(a.app(), SimPod.Role.DRIVER, a.app().spec.id() + "-driver");
        requestPass();
      }
      case CreateExecutors c -> createExecutors(c.app());
      case Pass p -> {
        passQueued = false;
        pass();
        if (!pending.isEmpty()) {
          idleFlushes = 0;
          scheduleFlush();
          armAutoscaler();
        }
      }
      case Flush f -> flush();
      case Finish f -> {
        if (f.version() == f.app().finishVersion && f.app().phase == AppRun.Phase.RUNNING) {
          complete(f.app());
        }
      }
      case AutoscaleCheck c -> autoscaleCheck();
      case NodesReady r -> {
        for (int i = 0; i < r.count(); i++) {
          String node = cluster.addNode();
          long at = autoscaler.orElseThrow().emptied(node, now);
          schedule(at, new ScaleDownCheck(node, now));
        }
        autoscaler.orElseThrow().provisioned(r.count(), cluster.size());
        requestPass();
      }
      case StartDeadline d -> {
        AppRun app = d.app();
        app.startDeadlinePassed = true;
        if (app.phase == AppRun.Phase.WAITING_FOR_EXECUTORS && app.boundExecutors >= 1) {
          startJob(app);
        }
      }
      case ScaleDownCheck s -> {
        if (autoscaler.orElseThrow().removable(s.node(), s.emptySince(), cluster, placement)) {
          cluster.removeNode(s.node());
        }
      }
    }
  }

  private SimPod newPod(AppRun app, SimPod.Role role, String name) {
    SimPod pod = new SimPod(podSeq++, name, app, role, request(app, role), now);
    pending.put(pod.seq, pod);
    return pod;
  }

  private static Resources request(AppRun app, SimPod.Role role) {
    return role == SimPod.Role.DRIVER ? app.spec.driver() : app.spec.executor();
  }

  private void createExecutors(AppRun app) {
    if (app.phase == AppRun.Phase.DONE) {
      app.creatingExecutors = false;
      return;
    }
    int missing = app.targetExecutors - app.executors.size();
    for (int i = 0; i < Math.min(settings.batchSize(), missing); i++) {
      String name = app.spec.id() + "-exec-" + (app.executors.size() + 1);
      app.executors.add(newPod(app, SimPod.Role.EXECUTOR, name));
    }
    app.creatingExecutors = app.executors.size() < app.targetExecutors;
    if (app.creatingExecutors) {
      schedule(now + settings.batchDelaySeconds() * 1000, new CreateExecutors(app));
    }
    requestPass();
  }

  /** One scheduling pass; returns whether any pod was bound. */
  private boolean pass() {
    placement.tick(now);
    boolean progress = false;
    // A decision repeats while nothing changes: after one pod of an application fails, its
    // siblings of the same role fail too until something is bound.
    Set<String> failed = new HashSet<>();
    for (SimPod pod : new ArrayList<>(pending.values())) {
      String key = pod.app.spec.id() + "/" + pod.role;
      Optional<String> node =
          failed.contains(key) ? Optional.empty() : placement.place(pod, cluster, now);
      if (node.isPresent()) {
        bind(pod, node.get());
        failed.clear();
        progress = true;
      } else {
        failed.add(key);
        pod.pendingSince = pod.pendingSince < 0 ? now : pod.pendingSince;
      }
    }
    return progress;
  }

  private void flush() {
    flushQueued = false;
    boolean progress = pass();
    if (pending.isEmpty()) {
      return;
    }
    idleFlushes = progress || !queue.isEmpty() ? 0 : idleFlushes + 1;
    if (idleFlushes < settings.idleFlushes()) {
      scheduleFlush();
    }
    armAutoscaler();
  }

  private void bind(SimPod pod, String node) {
    cluster.bind(node, pod.request);
    pod.node = node;
    pod.boundAt = now;
    pending.remove(pod.seq);
    placement.bound(pod, node, now);
    autoscaler.ifPresent(a -> a.used(node));
    AppRun app = pod.app;
    if (pod.driver()) {
      app.phase = AppRun.Phase.WAITING_FOR_EXECUTORS;
      app.driverStartedAt = now;
      app.targetExecutors = app.spec.minExecutors();
      app.creatingExecutors = true;
      driversWaiting++;
      long asks = now + settings.driverStartupSeconds() * 1000;
      schedule(asks, new CreateExecutors(app));
      if (settings.maxRegisteredWaitSeconds() > 0) {
        schedule(asks + settings.maxRegisteredWaitSeconds() * 1000, new StartDeadline(app));
      }
      return;
    }
    app.boundExecutors++;
    if (app.phase == AppRun.Phase.WAITING_FOR_EXECUTORS
        && (app.boundExecutors >= settings.executorsToStart(app.spec.minExecutors())
            || app.startDeadlinePassed)) {
      startJob(app);
    } else if (app.phase == AppRun.Phase.RUNNING) {
      usefulMilliCpu += pod.request.milliCpu();
      rescheduleFinish(app);
    }
  }

  private void startJob(AppRun app) {
    app.phase = AppRun.Phase.RUNNING;
    app.runStartedAt = now;
    driversWaiting--;
    for (SimPod e : app.executors) {
      if (e.bound()) {
        app.executorIdleMilliCpuMillis += e.request.milliCpu() * (now - e.boundAt);
      }
    }
    usefulMilliCpu += app.boundMilliCpu();
    app.remainingWork = app.spec.workMillis();
    app.lastRateChange = now;
    app.rate = 0;
    rescheduleFinish(app);
    if (app.spec.dynamicAllocation()) {
      app.targetExecutors = app.spec.maxExecutors();
      if (!app.creatingExecutors) {
        app.creatingExecutors = true;
        schedule(now + settings.batchDelaySeconds() * 1000, new CreateExecutors(app));
      }
    }
  }

  private void rescheduleFinish(AppRun app) {
    app.remainingWork -= (long) app.rate * (now - app.lastRateChange);
    app.lastRateChange = now;
    app.rate = app.boundExecutors;
    app.finishVersion++;
    long left = Math.max(0, app.remainingWork);
    // Drop the superseded finish so that the run ends with its last real event.
    Optional.ofNullable(finishes.remove(app)).ifPresent(queue::remove);
    finishes.put(
        app, schedule(now + (left + app.rate - 1) / app.rate, new Finish(app, app.finishVersion)));
  }

  private void complete(AppRun app) {
    finishes.remove(app);
    app.phase = AppRun.Phase.DONE;
    app.doneAt = now;
    Locality.record(app, cluster);
    usefulMilliCpu -= app.boundMilliCpu();
    List<SimPod> pods = new ArrayList<>(app.executors);
    pods.add(app.driver);
    for (SimPod pod : pods) {
      if (pod.bound()) {
        cluster.unbind(pod.node, pod.request);
        if (cluster.empty(pod.node) && autoscaler.isPresent()) {
          long at = autoscaler.get().emptied(pod.node, now);
          schedule(at, new ScaleDownCheck(pod.node, now));
        }
      } else {
        pending.remove(pod.seq);
      }
    }
    placement.appDone(app, now);
    lastCompletion = now;
    totalsAtLastCompletion = usage.totals();
    requestPass();
  }

  private void autoscaleCheck() {
    Autoscaler a = autoscaler.orElseThrow();
    Autoscaler.ScaleUp up = a.check(pending.values(), cluster, placement);
    if (up.nodes() > 0) {
      schedule(now + a.provisionMillis(), new NodesReady(up.nodes()));
    }
  }

  private void armAutoscaler() {
    autoscaler.ifPresent(
        a -> {
          long at = a.armCheck(pending.values(), now);
          if (at >= 0) {
            schedule(at, new AutoscaleCheck());
          }
        });
  }

  private void requestPass() {
    if (!passQueued) {
      passQueued = true;
      schedule(now, new Pass());
    }
  }

  private void scheduleFlush() {
    if (!flushQueued) {
      flushQueued = true;
      schedule(now + settings.flushSeconds() * 1000, new Flush());
    }
  }

  private Events.Scheduled schedule(long at, Events.Action action) {
    return queue.add(at, action);
  }

  private Usage.Level level() {
    return new Usage.Level(
        cluster.capacityMilliCpu(), cluster.requestedMilliCpu(), usefulMilliCpu, driversWaiting);
  }
}
