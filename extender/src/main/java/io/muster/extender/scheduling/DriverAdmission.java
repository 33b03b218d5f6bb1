package io.muster.extender.scheduling;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.cluster.EventReason;
import io.muster.extender.cluster.EventTarget;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.metrics.ExtenderMetrics.Outcome;
import io.muster.extender.metrics.ExtenderMetrics.Role;
import io.muster.extender.persist.ObservedPod;
import io.muster.extender.persist.PersistRequest;
import io.muster.extender.persist.PersistResult;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.extender.spark.GangInference.Result;
import io.muster.extender.spark.Problem;
import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.Reason;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits gangs: learns a driver's gang, plans it through the ledger and writes the reservation on
 * the anchor pod <em>before</em> the answer that lets the driver bind. Loop-confined except for the
 * API write, whose completion hops back onto the loop.
 */
final class DriverAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(DriverAdmission.class);

  private final Collaborators c;
  private final CoordinatorSettings settings;
  private final DecisionLoop loop;
  private final GangBook book;
  private final Map<GangId, CompletableFuture<Void>> persisting = new HashMap<>();

  DriverAdmission(Collaborators c, CoordinatorSettings settings, DecisionLoop loop, GangBook book) {
    this.c = c;
    this.settings = settings;
    this.loop = loop;
    this.book = book;
  }

  /** Infers the gang from the cache (no API call); safe off the loop. */
  Result infer(Pod driver) {
    String ns = driver.getMetadata().getNamespace();
    Function<String, Optional<ConfigMap>> configMaps =
        name -> c.view().configMap(ns, name).map(DriverAdmission::asConfigMap);
    return c.inference().infer(driver, configMaps, Optional.empty(), c.clock().instant());
  }

  private static ConfigMap asConfigMap(io.muster.extender.cluster.ConfigMapRecord r) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(r.namespace())
        .withName(r.name())
        .withUid(r.uid())
        .endMetadata()
        .withData(r.data())
        .build();
  }

  /** On the loop: the driver's answer for the inference result {@code result}. */
  CompletableFuture<FilterVerdict> decide(Pod pod, GangId gang, List<String> nodes, Result result) {
    CompletableFuture<Void> inflight = persisting.get(gang);
    if (inflight != null) {
      // kube-scheduler retried while the reservation is being written: answer once it is.
      return inflight
          .handleAsync((v, e) -> decide(pod, gang, nodes, result), loop.executor())
          .thenCompose(Function.identity());
    }
    PodRef ref = ref(pod);
    Optional<Reservation> held = c.ledger().reservation(gang);
    if (held.isPresent() && held.get().driverNode().isPresent()) {
      String node = held.get().driverNode().get();
      if (nodes.contains(node)) {
        c.metrics().decision(Role.DRIVER, Outcome.PLACED);
        return done(FilterVerdict.only(node, nodes, reservedElsewhere(gang, node), false));
      }
      LOG.info(
          "filter pod={} gang={} role=driver reserved node {} not offered; planning again",
          ref,
          gang,
          node);
      book.forget(gang).ifPresent(a -> c.store().release(a.anchor(), a.persisted()));
      c.ledger().release(gang);
    }
    return switch (result) {
      case Result.Known k -> {
        reportProblems(pod, k.problems());
        yield admit(pod, ref, k.spec(), nodes);
      }
      case Result.Pending p when p.fallback().isPresent() ->
          admit(pod, ref, p.fallback().get().spec(), nodes);
      case Result.Pending p -> {
        p.awaitedConfigMaps().forEach(cm -> book.awaitConfigMap(ref.namespace(), cm, ref));
        c.metrics().decision(Role.DRIVER, Outcome.WAITING, Reason.GANG_UNKNOWN);
        yield done(FilterVerdict.failAll(nodes, "gang " + gang + ": " + p.why(), true));
      }
      case Result.Alone a -> {
        reportProblems(pod, a.problems());
        c.events().record(target(pod), EventReason.DRIVER_SCHEDULED_ALONE, a.why());
        c.metrics().decision(Role.DRIVER, Outcome.PASSED);
        yield done(FilterVerdict.passAll(nodes));
      }
      case Result.Invalid i -> {
        String why = describe(i.problems());
        c.events().record(target(pod), EventReason.INVALID_ANNOTATION, why);
        c.metrics().decision(Role.DRIVER, Outcome.REJECTED, Reason.INVALID_GANG_SPEC);
        yield done(FilterVerdict.failAll(nodes, "gang " + gang + " is invalid: " + why, false));
      }
    };
  }

  /**
   * On the loop: plans {@code spec} and, when placed, persists it on {@code anchor}. The future
   * completes (on the loop) with the reservation once written, or empty with the verdict to give.
   */
  CompletableFuture<Admission> admitAndPersist(
      Pod anchor, PodRef ref, GangSpec spec, List<String> nodes) {
    GangId gang = spec.id();
    if (!c.health().get().freshWithin(settings.maxViewAge())) {
      String why =
          "Muster's cluster view is stale (watch broken for "
              + c.health().get().staleFor().toSeconds()
              + "s); no new gang is admitted until it recovers";
      return CompletableFuture.completedFuture(
          new Admission.Refused(FilterVerdict.failAll(nodes, why, true)));
    }
    Map<String, String> labels = labels(anchor);
    ResolvedPolicy policy = c.policies().policyFor(ref.namespace(), labels);
    Instant now = c.clock().instant();
    PlacementDecision decision =
        c.ledger().admit(spec, nodes, policy.policy(), c.view().snapshot(), now);
    if (decision instanceof Unschedulable u) {
      book.driverWaits(gang, ref);
      book.policy(gang, policy);
      EventReason reason =
          u.reason() == Reason.GANG_EXCEEDS_CLUSTER
              ? EventReason.GANG_EXCEEDS_CLUSTER
              : EventReason.GANG_WAITING;
      c.events().record(target(anchor), reason, u.message());
      c.metrics().decision(roleOf(spec), Outcome.WAITING, u.reason());
      LOG.info(
          "filter pod={} gang={} outcome=waiting reason={} {}",
          ref,
          gang,
          u.reason().tag(),
          u.message());
      return CompletableFuture.completedFuture(
          new Admission.Refused(
              FilterVerdict.failAll(nodes, u.message(), u.reason().resolvable())));
    }
    Reservation reservation = ((Placed) decision).reservation();
    PersistedReservation record =
        new PersistedReservation(reservation, policy.ruleName(), settings.writerId(), 1);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    persisting.put(gang, gate);
    return c.store()
        .persist(
            new PersistRequest(ref, Optional.of(ObservedPod.of(anchor)), Optional.empty(), record))
        .toCompletableFuture()
        .exceptionally(e -> new PersistResult.Failed(0, String.valueOf(e.getMessage())))
        .thenApplyAsync(
            result -> {
              persisting.remove(gang);
              gate.complete(null);
              return afterPersist(anchor, ref, spec, nodes, policy, record, result);
            },
            loop.executor());
  }

  private Admission afterPersist(
      Pod anchor,
      PodRef ref,
      GangSpec spec,
      List<String> nodes,
      ResolvedPolicy policy,
      PersistedReservation record,
      PersistResult result) {
    GangId gang = spec.id();
    c.metrics().persist(metricOf(result));
    if (result instanceof PersistResult.Written) {
      Instant created = spec.createdAt();
      book.admit(new GangBook.Admitted(gang, ref, policy, record, created, false));
      c.metrics().decision(roleOf(spec), Outcome.ADMITTED);
      String summary = summary(record.reservation(), policy);
      c.events().record(target(anchor), EventReason.GANG_ADMITTED, summary);
      LOG.info("filter pod={} gang={} outcome=admitted {}", ref, gang, summary);
      book.takeWaitingExecutors(gang).forEach(c.nudger()::nudge);
      return new Admission.Admitted(record.reservation());
    }
    c.ledger().abandon(gang, c.clock().instant());
    book.driverWaits(gang, ref);
    String why = "reservation of gang " + gang + " was not persisted (" + result + "); will retry";
    c.events().record(target(anchor), EventReason.RESERVATION_CONFLICT, why);
    LOG.warn("filter pod={} gang={} outcome=unpersisted {}", ref, gang, result);
    c.nudger().nudge(ref);
    return new Admission.Refused(FilterVerdict.failAll(nodes, why, true));
  }

  private CompletableFuture<FilterVerdict> admit(
      Pod pod, PodRef ref, GangSpec spec, List<String> nodes) {
    return admitAndPersist(pod, ref, spec, nodes)
        .thenApply(
            a ->
                switch (a) {
                  case Admission.Admitted ad -> {
                    String node = ad.reservation().driverNode().orElseThrow();
                    yield FilterVerdict.only(
                        node, nodes, reservedElsewhere(spec.id(), node), false);
                  }
                  case Admission.Refused r -> r.verdict();
                });
  }

  /** What admitting a gang came to. */
  sealed interface Admission {
    record Admitted(Reservation reservation) implements Admission {}

    record Refused(FilterVerdict verdict) implements Admission {}
  }

  private void reportProblems(Pod pod, List<Problem> problems) {
    if (!problems.isEmpty()) {
      c.events().record(target(pod), EventReason.INVALID_ANNOTATION, describe(problems));
    }
  }

  static String summary(Reservation r, ResolvedPolicy policy) {
    Map<String, Long> perNode =
        r.slots().stream()
            .collect(Collectors.groupingBy(Slot::node, TreeMap::new, Collectors.counting()));
    String executors =
        perNode.entrySet().stream()
            .map(e -> e.getKey() + "×" + e.getValue())
            .collect(Collectors.joining(", "));
    return "admitted: driver on "
        + r.driverNode().orElse("(none)")
        + ", "
        + r.slots().size()
        + " executor slots on "
        + (executors.isEmpty() ? "no node" : executors)
        + " (policy rule \""
        + policy.ruleName()
        + "\", "
        + policy.policy().strategy().wireName()
        + ", needs "
        + r.gang().minimumDemand().describe()
        + ")";
  }

  private static String reservedElsewhere(GangId gang, String node) {
    return "gang " + gang + " holds its reservation on node " + node;
  }

  static String describe(List<Problem> problems) {
    return problems.stream().map(Problem::describe).collect(Collectors.joining("; "));
  }

  static PodRef ref(Pod pod) {
    return new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  static EventTarget target(Pod pod) {
    return EventTarget.pod(ref(pod), String.valueOf(pod.getMetadata().getUid()));
  }

  private static Map<String, String> labels(Pod pod) {
    Map<String, String> l = pod.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  private static Role roleOf(GangSpec spec) {
    return spec.driver().isPresent() ? Role.DRIVER : Role.EXECUTOR;
  }

  static io.muster.extender.metrics.ExtenderMetrics.PersistResult metricOf(PersistResult r) {
    return switch (r) {
      case PersistResult.Written w -> io.muster.extender.metrics.ExtenderMetrics.PersistResult.OK;
      case PersistResult.Conflict cf ->
          io.muster.extender.metrics.ExtenderMetrics.PersistResult.CONFLICT;
      default -> io.muster.extender.metrics.ExtenderMetrics.PersistResult.ERROR;
    };
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
