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
import io.muster.placement.Reason;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.strategy.NodeScorer;
import io.muster.placement.strategy.ScoreRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  private final Collaborators c;
  private final CoordinatorSettings settings;
  private final DecisionLoop loop = new DecisionLoop();
  private final GangBook book = new GangBook();
  private final ConfigMapHolds holds = new ConfigMapHolds();
  private final DriverAdmission admission;
  private final ExecutorSteering executors;
  private final GangLifecycle lifecycle;
  private final GangInspector inspector;
  private final ReplicaRole role = new ReplicaRole();
  private final ReservationAdoption adoption;
  private final ReservationFollower follower;
  private final Takeover takeover;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "muster-sweeper");
            t.setDaemon(true);
            return t;
          });
  private static final NodeScorer SCORER = new NodeScorer();

  /** Written only on the loop; volatile for readiness. */
  private volatile boolean recovered;

  private final Set<PodRef> waitingForRecovery = new LinkedHashSet<>(); // loop-confined
  private volatile ExtenderMetrics.GangCounts counts = new ExtenderMetrics.GangCounts(0, 0, 0);
  private volatile Resources reserved = Resources.ZERO;
  private volatile Resources claimed = Resources.ZERO;

  GangCoordinator(
      Collaborators c, CoordinatorSettings settings, GangLifecycle.PolicyLocation policy) {
    this.c = c;
    this.settings = settings;
    ReservationWrites writes = new ReservationWrites(c, settings, book, role);
    this.adoption = new ReservationAdoption(c, book);
    // The admission, the lifecycle and the follower call each other only on the loop, after
    // construction; this::follow defers the lookup of the field assigned last.
    this.admission = new DriverAdmission(c, settings, loop, book, role, this::follow);
    this.executors = new ExecutorSteering(c, book, admission, writes);
    this.lifecycle = new GangLifecycle(c, loop, book, holds, writes, role, this::follow, policy);
    this.follower =
        new ReservationFollower(
            c,
            settings.writerId(),
            book,
            adoption,
            admission,
            role,
            () -> recovered,
            lifecycle::release);
    this.takeover = new Takeover(c, book, adoption, admission, lifecycle);
    this.inspector = new GangInspector(c, loop, book, role);
  }

  /** Builds the coordinator for Muster's policy ConfigMap {@code namespace/name}. */
  public static GangCoordinator create(
      Collaborators c, CoordinatorSettings settings, String namespace, String policyConfigMap) {
    return new GangCoordinator(
        c, settings, new GangLifecycle.PolicyLocation(namespace, policyConfigMap));
  }

  /** On the loop: the reservation persisted on {@code anchor}, a pod of {@code gang}, changed. */
  private void follow(GangId gang, PodRef anchor) {
    follower.follow(gang, anchor);
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
            if (adoption.adopt(g)) {
              LOG.info(
                  "gang={} recovered from {} ({} findings)",
                  g.restored().id(),
                  g.anchor(),
                  g.findings().size());
            }
          }
          report.skipped().forEach(s -> LOG.warn("reservation skipped at recovery: {}", s));
          recovered = true;
          waitingForRecovery.forEach(c.nudger()::nudge);
          waitingForRecovery.clear();
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

  /**
   * Every verb call is evidence that this replica's kube-scheduler leads; the first one after
   * standing by rebuilds the ledger from the cluster first. Queued on the loop ahead of the call's
   * own decision, which the loop runs in order.
   */
  private void called() {
    loop.run(
        () -> {
          if (recovered && role.called()) {
            takeover.run();
          }
        });
  }

  /** Whether this replica acts as the writer now (see {@link ReplicaRole}). */
  public boolean serving() {
    return role.serving();
  }

  @Override
  public CompletionStage<FilterVerdict> filter(Pod pod, List<String> nodeNames) {
    called();
    return switch (PodClassifier.classify(pod)) {
      case SparkPod.Other o -> {
        c.metrics().decision(Role.OTHER, Outcome.PASSED);
        yield CompletableFuture.completedFuture(FilterVerdict.passAll(nodeNames));
      }
      case SparkPod.Driver d -> filterDriver(pod, d, nodeNames);
      case SparkPod.Executor e ->
          loop.call(
                  () ->
                      recovered
                          ? executors.decide(pod, e, nodeNames)
                          : CompletableFuture.completedFuture(
                              beforeRecovery(DriverAdmission.ref(pod), Role.EXECUTOR, nodeNames)))
              .thenCompose(Function.identity());
    };
  }

  private CompletableFuture<FilterVerdict> filterDriver(
      Pod pod, SparkPod.Driver d, List<String> nodes) {
    Result first = admission.infer(pod); // reads the cache only: fine off the loop
    if (!(first instanceof Result.Pending p)
        || p.awaitedConfigMaps().isEmpty()
        || !settings.configMapWait().isPositive()) {
      return loop.call(() -> decideDriver(pod, d, nodes, first)).thenCompose(Function.identity());
    }
    String ns = DriverAdmission.ref(pod).namespace();
    // Whether the gang already holds a reservation (no need to wait) is the ledger's to say, and
    // the ledger may only be read on the loop. Work after the hold hops back onto the loop too:
    // the hold completes on the informer's thread, which must not infer or decide.
    return loop.call(() -> recovered && c.ledger().reservation(d.gang()).isEmpty())
        .thenComposeAsync(
            hold ->
                hold
                    ? holds
                        .await(
                            ns,
                            p.awaitedConfigMaps(),
                            settings.configMapWait(),
                            name -> c.view().configMap(ns, name).isPresent())
                        .thenComposeAsync(
                            v -> decideDriver(pod, d, nodes, admission.infer(pod)), loop.executor())
                    : decideDriver(pod, d, nodes, first),
            loop.executor());
  }

  /** On the loop. */
  private CompletableFuture<FilterVerdict> decideDriver(
      Pod pod, SparkPod.Driver d, List<String> nodes, Result inferred) {
    if (!recovered) {
      return CompletableFuture.completedFuture(
          beforeRecovery(DriverAdmission.ref(pod), Role.DRIVER, nodes));
    }
    return admission.decide(pod, d.gang(), nodes, inferred);
  }

  /**
   * On the loop, before {@link #recover} ran: the ledger does not yet hold the reservations
   * persisted in the cluster, so admitting or steering now could book their room twice.
   * kube-scheduler calls the extender whatever its readiness, so the pod waits, and is nudged once
   * recovery is done.
   */
  private FilterVerdict beforeRecovery(PodRef pod, Role role, List<String> nodes) {
    waitingForRecovery.add(pod);
    c.metrics().decision(role, Outcome.WAITING, Reason.GANG_NOT_ADMITTED);
    return FilterVerdict.failAll(
        nodes,
        "Muster is rebuilding its reservations from the cluster after a start; the pod is retried"
            + " as soon as that is done",
        true);
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
    called();
    return loop.call(
        () -> {
          ResolvedPolicy policy =
              book.policy(gang)
                  .orElseGet(
                      () -> c.policies().policyFor(gang.namespace(), driverLabels(gang, pod)));
          Map<String, Integer> scores =
              sp instanceof SparkPod.Executor e && c.ledger().phase(gang).isEmpty()
                  ? individualScores(e, nodeNames, policy)
                  : c.ledger().score(gang, driver, nodeNames, c.view().snapshot(), policy.policy());
          return nodeNames.stream()
              .map(n -> new HostScore(n, Math.max(0, Math.min(10, scores.getOrDefault(n, 0)))))
              .toList();
        });
  }

  /**
   * Scores for an executor Muster holds no gang for (its driver was scheduled alone, or a
   * client-mode executor without a gang size): scheduled individually, but still drawn towards the
   * application's other executors, as a gang's extra executors are.
   */
  private Map<String, Integer> individualScores(
      SparkPod.Executor e, List<String> nodes, ResolvedPolicy policy) {
    List<String> near =
        c.view().podsOfApp(e.gang().namespace(), e.gang().appId()).stream()
            .filter(p -> p.isExecutor() && !p.gone() && !p.name().equals(e.pod().name()))
            .flatMap(p -> p.nodeName().stream())
            .toList();
    GangSpec alone =
        new GangSpec(
            e.gang(), Instant.EPOCH, 0, Optional.empty(), e.requests(), 0, 0, e.constraints());
    return SCORER.scoreExecutor(
        new ScoreRequest(alone, Optional.empty(), near, nodes, policy.policy()),
        c.view().snapshot().nodes(),
        c.ledger()::heldOn);
  }

  /** Policies match the driver's labels; executors follow their driver. */
  private Map<String, String> driverLabels(GangId gang, Pod pod) {
    return c.view().podsOfApp(gang.namespace(), gang.appId()).stream()
        .filter(p -> p.isDriver())
        .findFirst()
        .map(p -> p.labels())
        .orElseGet(() -> labels(pod));
  }

  @Override
  public CompletionStage<BindVerdict> bind(BindRequest r) {
    PodRef ref = new PodRef(r.podNamespace(), r.podName());
    called();
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
    // Before recovery the guard cannot know which pods hold gang room: accept no preemption.
    called();
    return loop.call(() -> recovered ? new PreemptionGuard(c).judge(r) : PreemptVerdict.none());
  }

  private static Map<String, String> labels(Pod pod) {
    Map<String, String> l = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  /** For tests: the coordinator's book, to be read only inside {@link #onLoop}. */
  GangBook book() {
    return book;
  }

  /** For tests: how many ConfigMaps held filter answers wait for now. */
  int heldForConfigMaps() {
    return holds.waitingFor();
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
