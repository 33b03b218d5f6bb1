package io.muster.extender.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.BindRequest;
import io.muster.extender.api.BindVerdict;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.api.HostScore;
import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.PreemptVerdict;
import io.muster.extender.api.Readiness;
import io.muster.extender.api.SchedulerVerbs;
import io.muster.extender.cluster.BindResult;
import io.muster.extender.cluster.ClusterListener;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.metrics.ExtenderMetrics;
import io.muster.extender.metrics.ExtenderMetrics.Outcome;
import io.muster.extender.metrics.ExtenderMetrics.Role;
import io.muster.extender.persist.RecoveredGang;
import io.muster.extender.persist.RecoveryReport;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.extender.spark.GangInference.Result;
import io.muster.extender.spark.PodClassifier;
import io.muster.extender.spark.SparkPod;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling side of the extender: what kube-scheduler's verbs mean for Spark gangs. Pods
 * without {@code spark-app-selector} pass through untouched; every decision about a gang runs on
 * the one decision loop, so admission is serialized through the ledger.
 */
public final class GangCoordinator implements SchedulerVerbs, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GangCoordinator.class);

  /** Pending Spark pods nudged once recovery completes (bounded: the nudger queues them). */
  private static final int STARTUP_NUDGES = 1_000;

  private final Collaborators c;
  private final CoordinatorSettings settings;
  private final DecisionLoop loop = new DecisionLoop();
  private final GangBook book = new GangBook();
  private final ConfigMapHolds holds = new ConfigMapHolds();
  private final DriverAdmission admission;
  private final ExecutorSteering executors;
  private final GangLifecycle lifecycle;
  private final GangInspector inspector;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "muster-sweeper");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean recovered;
  private volatile ExtenderMetrics.GangCounts counts = new ExtenderMetrics.GangCounts(0, 0, 0);
  private volatile Resources reserved = Resources.ZERO;
  private volatile Resources claimed = Resources.ZERO;

  GangCoordinator(
      Collaborators c, CoordinatorSettings settings, GangLifecycle.PolicyLocation policy) {
    this.c = c;
    this.settings = settings;
    ReservationWrites writes = new ReservationWrites(c, settings, book);
    this.admission = new DriverAdmission(c, settings, loop, book);
    this.executors = new ExecutorSteering(c, book, admission, writes);
    this.lifecycle = new GangLifecycle(c, loop, book, holds, writes, policy);
    this.inspector = new GangInspector(c, loop, book);
  }

  /** Builds the coordinator for Muster's policy ConfigMap {@code namespace/name}. */
  public static GangCoordinator create(
      Collaborators c, CoordinatorSettings settings, String namespace, String policyConfigMap) {
    return new GangCoordinator(
        c, settings, new GangLifecycle.PolicyLocation(namespace, policyConfigMap));
  }

  /** The informer listener to register on the cluster cache before it starts. */
  public ClusterListener listener() {
    return lifecycle;
  }

  public GangInspector inspector() {
    return inspector;
  }

  /**
   * Rebuilds every gang from the reservations persisted on pods; call once the cache has synced.
   * Then starts the expiry sweep. Readiness stays false until this has run.
   */
  public CompletableFuture<Void> recover(RecoveryReport report) {
    return loop.run(
        () -> {
          for (RecoveredGang g : report.gangs()) {
            GangId gang = g.restored().id();
            ResolvedPolicy policy =
                c.view()
                    .pod(g.anchor().namespace(), g.anchor().name())
                    .map(p -> c.policies().policyFor(p.namespace(), p.labels()))
                    .orElseGet(() -> c.policies().policyFor(gang.namespace(), Map.of()));
            try {
              c.ledger().restore(g.restored(), policy.policy(), c.clock().instant());
              book.admit(
                  new GangBook.Admitted(
                      gang,
                      g.anchor(),
                      policy,
                      g.persisted(),
                      g.restored().gang().createdAt(),
                      false));
              LOG.info(
                  "gang={} recovered from {} ({} findings)", gang, g.anchor(), g.findings().size());
            } catch (RuntimeException e) {
              LOG.error("gang={} could not be restored from {}", gang, g.anchor(), e);
            }
          }
          report.skipped().forEach(s -> LOG.warn("reservation skipped at recovery: {}", s));
          recovered = true;
          // Spark pods told "starting" meanwhile would otherwise wait for kube-scheduler's flush.
          c.view().pods().stream()
              .filter(p -> p.appId().isPresent() && (p.isDriver() || p.isExecutor()))
              .filter(p -> !p.isBound() && !p.gone())
              .filter(p -> !"default-scheduler".equals(p.schedulerName()))
              .limit(STARTUP_NUDGES)
              .forEach(p -> c.nudger().nudge(p.ref()));
          ticker.scheduleWithFixedDelay(
              () ->
                  loop.run(
                      () -> {
                        lifecycle.sweep();
                        refreshGauges();
                      }),
              1,
              1,
              TimeUnit.SECONDS);
        });
  }

  /** Registers the gang and room gauges; their values are refreshed by the sweep, on the loop. */
  public void registerGauges(ExtenderMetrics metrics) {
    metrics.registerGangGauges(() -> counts);
    metrics.registerResourceGauges(() -> reserved, () -> claimed);
  }

  private void refreshGauges() {
    long waiting = c.ledger().waiting().size();
    long reservedGangs = 0;
    long active = 0;
    Resources held = Resources.ZERO;
    Resources taken = Resources.ZERO;
    for (Reservation r : c.ledger().active().values()) {
      if (r.driverBound() || r.driverNode().isEmpty()) {
        active++;
      } else {
        reservedGangs++;
      }
      for (Slot s : r.slots()) {
        if (s.state() == SlotState.OPEN) {
          held = held.plus(r.gang().executor());
        } else {
          taken = taken.plus(r.gang().executor());
        }
      }
    }
    counts = new ExtenderMetrics.GangCounts(waiting, reservedGangs, active);
    reserved = held;
    claimed = taken;
  }

  /**
   * Ready once recovered, the policy loaded and the view fresh; {@code why} says what is missing.
   */
  public Readiness readiness(java.util.function.BooleanSupplier synced) {
    return new Readiness() {
      @Override
      public boolean ready() {
        return why().isEmpty();
      }

      @Override
      public String why() {
        List<String> missing = new ArrayList<>();
        if (!synced.getAsBoolean()) {
          missing.add("informers have not synced");
        }
        if (!c.policies().loaded()) {
          missing.add("no policy loaded");
        }
        if (!recovered) {
          missing.add("reservations not recovered yet");
        }
        if (synced.getAsBoolean() && !c.health().get().freshWithin(settings.maxViewAge())) {
          missing.add("cluster view stale for " + c.health().get().staleFor().toSeconds() + "s");
        }
        return String.join("; ", missing);
      }
    };
  }

  @Override
  public CompletionStage<FilterVerdict> filter(Pod pod, List<String> nodeNames) {
    return switch (PodClassifier.classify(pod)) {
      case SparkPod.Other o -> {
        c.metrics().decision(Role.OTHER, Outcome.PASSED);
        yield CompletableFuture.completedFuture(FilterVerdict.passAll(nodeNames));
      }
      case SparkPod.Driver d when !recovered -> starting(nodeNames);
      case SparkPod.Executor e when !recovered -> starting(nodeNames);
      case SparkPod.Driver d -> filterDriver(pod, d, nodeNames);
      case SparkPod.Executor e ->
          loop.call(() -> executors.decide(pod, e, nodeNames)).thenCompose(Function.identity());
    };
  }

  /**
   * Until every persisted reservation is back in the ledger, no Spark pod may be placed: a gang
   * admitted now could take room that a recovered reservation holds.
   */
  private CompletableFuture<FilterVerdict> starting(List<String> nodes) {
    c.metrics().decision(Role.OTHER, Outcome.WAITING);
    return CompletableFuture.completedFuture(
        FilterVerdict.failAll(
            nodes,
            "Muster is starting: waiting for its cluster view to sync and its reservations to be"
                + " recovered",
            true));
  }

  private CompletableFuture<FilterVerdict> filterDriver(
      Pod pod, SparkPod.Driver d, List<String> nodes) {
    Result first = admission.infer(pod);
    CompletableFuture<Result> inferred =
        first instanceof Result.Pending p
                && !p.awaitedConfigMaps().isEmpty()
                && settings.configMapWait().isPositive()
                && !c.ledger().reservation(d.gang()).isPresent()
            ? holds
                .await(
                    pod.getMetadata().getNamespace(),
                    p.awaitedConfigMaps(),
                    settings.configMapWait())
                .thenApply(v -> admission.infer(pod))
            : CompletableFuture.completedFuture(first);
    return inferred.thenComposeAsync(
        r -> admission.decide(pod, d.gang(), nodes, r), loop.executor());
  }

  @Override
  public CompletionStage<List<HostScore>> prioritize(Pod pod, List<String> nodeNames) {
    SparkPod sp = PodClassifier.classify(pod);
    GangId gang =
        switch (sp) {
          case SparkPod.Driver d -> d.gang();
          case SparkPod.Executor e -> e.gang();
          case SparkPod.Other o -> null;
        };
    if (gang == null) {
      return CompletableFuture.completedFuture(
          nodeNames.stream().map(n -> new HostScore(n, 0)).toList());
    }
    boolean driver = sp instanceof SparkPod.Driver;
    return loop.call(
        () -> {
          ResolvedPolicy policy =
              book.policy(gang)
                  .orElseGet(() -> c.policies().policyFor(gang.namespace(), labels(pod)));
          Map<String, Integer> scores =
              c.ledger().score(gang, driver, nodeNames, c.view().snapshot(), policy.policy());
          return nodeNames.stream()
              .map(n -> new HostScore(n, Math.max(0, Math.min(10, scores.getOrDefault(n, 0)))))
              .toList();
        });
  }

  @Override
  public CompletionStage<BindVerdict> bind(BindRequest r) {
    PodRef ref = new PodRef(r.podNamespace(), r.podName());
    return c.binder()
        .bind(ref, r.podUid(), r.node())
        .thenApply(
            result ->
                switch (result) {
                  case BindResult.Bound b -> BindVerdict.ok();
                  case BindResult.BoundElsewhere b ->
                      BindVerdict.failed("pod " + ref + " is already bound to node " + b.node());
                  case BindResult.PodGone g ->
                      BindVerdict.failed("pod " + ref + " no longer exists");
                  case BindResult.Failed f ->
                      BindVerdict.failed(
                          "binding "
                              + ref
                              + " to "
                              + r.node()
                              + " failed: HTTP "
                              + f.code()
                              + " "
                              + f.message());
                });
  }

  @Override
  public CompletionStage<PreemptVerdict> preempt(PreemptRequest r) {
    return loop.call(() -> new PreemptionGuard(c).judge(r));
  }

  private static Map<String, String> labels(Pod pod) {
    Map<String, String> l = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  /** For tests and the inspector: runs {@code task} on the decision loop and waits. */
  <T> T onLoop(java.util.function.Supplier<T> task) {
    return loop.await(task, Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    loop.close();
  }
}
