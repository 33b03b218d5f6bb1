package io.muster.extender.scheduling;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.FilterVerdict;
import io.muster.extender.cluster.EventReason;
import io.muster.extender.cluster.EventTarget;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.cluster.SparkAppRecord;
import io.muster.extender.metrics.ExtenderMetrics.Outcome;
import io.muster.extender.metrics.ExtenderMetrics.Role;
import io.muster.extender.persist.DecodeResult;
import io.muster.extender.persist.ObservedPod;
import io.muster.extender.persist.PersistRequest;
import io.muster.extender.persist.PersistResult;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.extender.spark.GangInference.Result;
import io.muster.extender.spark.OperatorApplication;
import io.muster.extender.spark.Problem;
import io.muster.extender.spark.SparkApplicationReader;
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
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
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
  private final ReplicaRole role;
  private final BiConsumer<GangId, PodRef> refused;
  private final Map<GangId, CompletableFuture<Void>> persisting = new HashMap<>();

  /**
   * @param refused told (on the loop) when another writer's reservation refused a write, to follow
   *     what the pod carries now
   */
  DriverAdmission(
      Collaborators c,
      CoordinatorSettings settings,
      DecisionLoop loop,
      GangBook book,
      ReplicaRole role,
      BiConsumer<GangId, PodRef> refused) {
    this.c = c;
    this.settings = settings;
    this.loop = loop;
    this.book = book;
    this.role = role;
    this.refused = refused;
  }

  /** Infers the gang from the cache (no API call); safe off the loop. */
  Result infer(Pod driver) {
    String ns = driver.getMetadata().getNamespace();
    Function<String, Optional<ConfigMap>> configMaps =
        name -> c.view().configMap(ns, name).map(DriverAdmission::asConfigMap);
    return c.inference()
        .infer(driver, configMaps, operatorApplication(driver), c.clock().instant());
  }

  /** The Spark Operator application that launched this driver, from the cache (no API call). */
  private Optional<OperatorApplication> operatorApplication(Pod driver) {
    Map<String, String> labels = labels(driver);
    String name = labels.get(OperatorApplication.APP_NAME_LABEL);
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    return c.view()
        .sparkApplication(driver.getMetadata().getNamespace(), name)
        .map(DriverAdmission::asResource)
        .map(SparkApplicationReader::read);
  }

  static GenericKubernetesResource asResource(SparkAppRecord app) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("sparkoperator.k8s.io/v1beta2");
    r.setKind("SparkApplication");
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(app.namespace())
            .withName(app.name())
            .withUid(app.uid())
            .build());
    r.setAdditionalProperty("spec", app.spec());
    return r;
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
    if (book.deleted(pod.getMetadata().getUid())) {
      // kube-scheduler asked before the pod was deleted; the deletion was applied first. Queuing
      // the gang now would leave a waiting gang nobody releases (and that holds a FIFO queue).
      return done(gone(ref(pod), gang, Role.DRIVER, nodes));
    }
    Optional<CompletableFuture<FilterVerdict>> afterWrite =
        afterInflightWrite(gang, () -> decide(pod, gang, nodes, result));
    if (afterWrite.isPresent()) {
      // kube-scheduler retried while the reservation is being written: answer once it is.
      return afterWrite.get();
    }
    PodRef ref = ref(pod);
    Optional<Reservation> held = c.ledger().reservation(gang);
    if (held.isPresent() && held.get().driverNode().isPresent()) {
      String node = held.get().driverNode().get();
      if (book.admitted(gang).isEmpty()) {
        // Held, but its write got no answer: the driver may go only once it is known persisted.
        // Writing the same reservation again settles that (or finds another writer's).
        return admit(pod, ref, held.get().gang(), nodes);
      }
      if (nodes.contains(node)) {
        c.metrics().decision(Role.DRIVER, Outcome.PLACED);
        return done(FilterVerdict.only(node, nodes, reservedElsewhere(gang, node), false));
      }
      // The ledger moves the unbound driver's hold to an offered node with room (keeping the
      // executors' slots), and the moved reservation is written over the old one as its
      // successor. Releasing and re-admitting instead raced the annotation's removal against the
      // new write, which could delete the new reservation.
      LOG.info(
          "filter pod={} gang={} role=driver reserved node {} not offered; moving the driver's hold",
          ref,
          gang,
          node);
      return admit(pod, ref, held.get().gang(), nodes);
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
        if (p.awaitedConfigMaps().stream()
            .allMatch(cm -> c.view().configMap(ref.namespace(), cm).isPresent())) {
          // They arrived after this answer's inference but before the registration above, so
          // the informer's hand-off found nobody to nudge: nudge now, or the pod waits minutes.
          p.awaitedConfigMaps().forEach(cm -> book.takeAwaitingConfigMap(ref.namespace(), cm));
          c.nudger().nudge(ref);
        }
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

  /** The answer for a pod that is already deleted: nothing is admitted, claimed or queued. */
  FilterVerdict gone(PodRef ref, GangId gang, Role role, List<String> nodes) {
    c.metrics().decision(role, Outcome.REJECTED);
    LOG.info("filter pod={} gang={} outcome=gone the pod was deleted", ref, gang);
    return FilterVerdict.failAll(nodes, "pod " + ref + " was deleted", false);
  }

  /**
   * When a write of {@code gang}'s reservation is in flight, {@code again} runs on the loop once it
   * has completed; empty when none is.
   */
  <T> Optional<CompletableFuture<T>> afterInflightWrite(
      GangId gang, Supplier<CompletableFuture<T>> again) {
    CompletableFuture<Void> inflight = persisting.get(gang);
    if (inflight == null) {
      return Optional.empty();
    }
    return Optional.of(
        inflight.handleAsync((v, e) -> again.get(), loop.executor()).thenCompose(f -> f));
  }

  /** Whether a write of {@code gang}'s reservation is in flight. */
  boolean writing(GangId gang) {
    return persisting.containsKey(gang);
  }

  /**
   * On the loop: plans {@code spec} and, when placed, persists it on {@code anchor}. The future
   * completes (on the loop) with the reservation once written, or empty with the verdict to give.
   * For a gang that already holds a reservation the ledger's answer is the same reservation (no
   * write) or its driver's hold moved to an offered node (written as the successor version).
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
    Optional<GangBook.Admitted> before = book.admitted(gang);
    ResolvedPolicy policy =
        before
            .map(GangBook.Admitted::policy)
            .orElseGet(() -> c.policies().policyFor(ref.namespace(), labels(anchor)));
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
    if (before.isPresent() && before.get().persisted().reservation().equals(reservation)) {
      return CompletableFuture.completedFuture(new Admission.Admitted(reservation));
    }
    PodRef target = before.map(GangBook.Admitted::anchor).orElse(ref);
    Optional<PersistedReservation> prior = book.lastWritten(gang).or(() -> retiredOn(target, gang));
    PersistedReservation record =
        new PersistedReservation(
            reservation,
            policy.ruleName(),
            settings.writerId(),
            prior.map(p -> p.revision() + 1).orElse(1L));
    Optional<ObservedPod> observed =
        target.equals(ref) ? Optional.of(ObservedPod.of(anchor)) : Optional.empty();
    CompletableFuture<Void> gate = new CompletableFuture<>();
    persisting.put(gang, gate);
    book.attempted(record);
    CompletableFuture<PersistResult> written;
    try {
      written =
          c.store()
              .persist(
                  new PersistRequest(
                      target, observed, prior.map(PersistedReservation::version), record))
              .toCompletableFuture();
    } catch (RuntimeException e) {
      // Never leave the gate open: every later decision about this gang waits on it.
      written = CompletableFuture.failedFuture(e);
    }
    return written
        .exceptionally(e -> new PersistResult.Failed(0, String.valueOf(e.getMessage())))
        .thenApplyAsync(
            result -> {
              persisting.remove(gang);
              gate.complete(null);
              return afterPersist(anchor, target, spec, nodes, policy, record, result);
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
    if (c.ledger().reservation(gang).isEmpty()) {
      // Released while the write was in flight (its driver went away): nothing is admitted, and
      // no waiting entry may be left behind for a pod that is gone.
      LOG.info("filter pod={} gang={} outcome=released-while-persisting {}", ref, gang, result);
      return new Admission.Refused(
          FilterVerdict.failAll(
              nodes, "gang " + gang + " was released while its reservation was written", true));
    }
    if (result instanceof PersistResult.Written) {
      Instant created =
          book.admitted(gang).map(GangBook.Admitted::driverCreatedAt).orElse(spec.createdAt());
      book.admit(new GangBook.Admitted(gang, ref, policy, record, created, false));
      c.metrics().decision(roleOf(spec), Outcome.ADMITTED);
      String summary = summary(record.reservation(), policy);
      c.events().record(target(anchor), EventReason.GANG_ADMITTED, summary);
      LOG.info("filter pod={} gang={} outcome=admitted {}", ref, gang, summary);
      book.takeWaitingExecutors(gang).forEach(c.nudger()::nudge);
      return new Admission.Admitted(record.reservation());
    }
    if (outcomeUnknown(result)) {
      // The write may have landed: freeing the room now could give it to another gang while the
      // pod says it is this one's, and a replica recovering later would book it twice. The room
      // stays held, unconfirmed; the write's echo confirms it (ReservationFollower), the driver's
      // retry writes it again, or the driver deadline expires it.
      book.policy(gang, policy);
      book.driverWaits(gang, ref);
      String why =
          "reservation of gang "
              + gang
              + " was written without an answer ("
              + result
              + "); its room stays held until it is known to be persisted";
      LOG.warn("filter pod={} gang={} outcome=unconfirmed {}", ref, gang, result);
      c.nudger().nudge(ref);
      return new Admission.Refused(FilterVerdict.failAll(nodes, why, true));
    }
    if (result instanceof PersistResult.NotFound) {
      // The anchor pod is gone: there is nobody to admit, and a waiting entry for it would be
      // nudged in vain (and hold the queue) until the ledger forgot it.
      c.ledger().release(gang);
      book.forget(gang);
      LOG.info("filter pod={} gang={} outcome=released anchor pod is gone", ref, gang);
      return new Admission.Refused(
          FilterVerdict.failAll(nodes, "pod " + ref + " no longer exists", true));
    }
    c.ledger().abandon(gang, c.clock().instant());
    book.driverWaits(gang, ref);
    if (result instanceof PersistResult.Conflict conflict) {
      // Another replica wrote this gang after what this one has seen: it leads now, and the pod
      // says what it reserved.
      conflict
          .current()
          .filter(v -> !v.writer().equals(settings.writerId()))
          .ifPresent(v -> role.otherWriterSeen(v.writer()));
      refused.accept(gang, ref);
    }
    String why = "reservation of gang " + gang + " was not persisted (" + result + "); will retry";
    c.events().record(target(anchor), EventReason.RESERVATION_CONFLICT, why);
    LOG.warn("filter pod={} gang={} outcome=unpersisted {}", ref, gang, result);
    c.nudger().nudge(ref);
    return new Admission.Refused(FilterVerdict.failAll(nodes, why, true));
  }

  /**
   * The write may or may not have been applied: no answer in time, no HTTP answer at all, or a
   * server error (a 5xx from the API server, e.g. etcd timing out, does not say the write failed).
   * A 4xx is a refusal: nothing was written.
   */
  static boolean outcomeUnknown(PersistResult result) {
    return switch (result) {
      case PersistResult.TimedOut t -> true;
      case PersistResult.Failed f -> f.code() == 0 || f.code() >= 500;
      default -> false;
    };
  }

  /**
   * For a gang the book holds nothing of: the version the view shows on its anchor. The follower
   * brought every such version into the ledger (or the ledger let it expire), so expecting it
   * overwrites nothing this replica has not accounted for; a replica whose view lags expects an
   * older one and is refused. Without it, a reservation that expired here but whose annotation
   * stayed (its removal failed, or another replica wrote it) would refuse every later admission.
   */
  private Optional<PersistedReservation> retiredOn(PodRef anchor, GangId gang) {
    return c.view()
        .pod(anchor.namespace(), anchor.name())
        .flatMap(p -> p.annotation(MusterAnnotations.RESERVATION))
        .flatMap(
            raw ->
                c.store().codec().decode(raw) instanceof DecodeResult.Decoded(var p)
                        && p.gang().equals(gang)
                    ? Optional.of(p)
                    : Optional.empty());
  }

  private CompletableFuture<FilterVerdict> admit(
      Pod pod, PodRef ref, GangSpec spec, List<String> nodes) {
    return admitAndPersist(pod, ref, spec, nodes)
        .thenApply(
            a ->
                switch (a) {
                  case Admission.Admitted ad when ad.reservation().driverNode().isPresent() -> {
                    String node = ad.reservation().driverNode().get();
                    yield FilterVerdict.only(
                        node, nodes, reservedElsewhere(spec.id(), node), false);
                  }
                  case Admission.Admitted ad ->
                      FilterVerdict.failAll(
                          nodes,
                          "gang "
                              + spec.id()
                              + " is admitted in client mode (executors without a driver);"
                              + " a driver pod of the same application is not part of it",
                          false);
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
