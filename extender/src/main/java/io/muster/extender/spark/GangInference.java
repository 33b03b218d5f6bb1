package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Learns a Spark application's gang from its driver pod, in Muster's order of precedence:
 *
 * <ol>
 *   <li>explicit driver annotations ({@link GangAnnotations}); when they give the executor count
 *       and size they are enough and nothing is awaited, otherwise they override single fields of
 *       the next source;
 *   <li>Spark's driver ConfigMap, found only through the driver's {@value
 *       SparkLabels#DRIVER_CONF_VOLUME} volume, and the executor pod template it names (executor
 *       requests computed as Spark computes them, see {@link SparkExecutorSizing} and {@link
 *       ExecutorPodModel});
 *   <li>the owning SparkApplication (Spark Operator), when the caller found one;
 *   <li>otherwise the driver is {@link Result.Alone}.
 * </ol>
 *
 * <p>The driver's demand is always the driver pod's own requests (what kube-scheduler accounts).
 * Spark creates the driver pod 150–310 ms before its ConfigMap: while a ConfigMap the driver mounts
 * is not in the cache the result is {@link Result.Pending}, naming the ConfigMaps to wait for and,
 * when a SparkApplication is known, a {@code fallback} the caller may use instead of waiting
 * longer. Never throws on malformed input; stateless and thread-safe.
 */
public final class GangInference {
  /** The outcome of one inference; {@code problems()} are worth an event on the pod. */
  public sealed interface Result {
    List<Problem> problems();

    /** The gang is known. */
    record Known(GangSpec spec, GangSource source, List<Problem> problems) implements Result {
      public Known {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        problems = List.copyOf(problems);
      }
    }

    /**
     * The gang will be known once {@code awaitedConfigMaps} (names in the driver's namespace)
     * appear; {@code fallback} is what another source says now, if any.
     */
    record Pending(
        List<String> awaitedConfigMaps,
        String why,
        Optional<Known> fallback,
        List<Problem> problems)
        implements Result {
      public Pending {
        awaitedConfigMaps = List.copyOf(awaitedConfigMaps);
        problems = List.copyOf(problems);
      }
    }

    /** Nothing describes a gang: schedule the pod on its own; {@code why} is for an event. */
    record Alone(String why, List<Problem> problems) implements Result {
      public Alone {
        problems = List.copyOf(problems);
      }
    }

    /** The description is unusable; every problem is listed (the first ones are fatal). */
    record Invalid(List<Problem> problems) implements Result {
      public Invalid {
        problems = List.copyOf(problems);
      }
    }
  }

  /**
   * Most executors one gang may reserve at once ({@code minExecutors}): Muster holds one slot per
   * minimum executor, in memory and in the pod annotation that must fit Kubernetes' 256 KiB, so an
   * absurd count (an annotation or {@code spark.executor.instances} of two billion) is refused
   * here, never handed to the placer. Real Spark applications stay far below it.
   */
  public static final int MAX_MIN_EXECUTORS = 20_000;

  private final Set<String> systemAnnotationKeys;

  /** Inference that reports every unknown {@code muster.io/} annotation. */
  public GangInference() {
    this(Set.of());
  }

  /**
   * @param systemAnnotationKeys {@code muster.io/} keys Muster itself writes on pods (reservation
   *     records, nudges), which must not be reported as misspelled
   */
  public GangInference(Set<String> systemAnnotationKeys) {
    this.systemAnnotationKeys = Set.copyOf(systemAnnotationKeys);
  }

  /**
   * Infers the gang of a driver pod.
   *
   * @param configMaps ConfigMaps of the driver's namespace by name, from the cache (no API call)
   * @param application the SparkApplication owning the driver, if the caller knows one
   * @param now creation time to use when the pod has none
   */
  public Result infer(
      Pod driver,
      Function<String, Optional<ConfigMap>> configMaps,
      Optional<OperatorApplication> application,
      Instant now) {
    Objects.requireNonNull(configMaps, "configMaps");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(now, "now");
    if (!(PodClassifier.classify(driver) instanceof SparkPod.Driver d)) {
      return new Result.Invalid(List.of(notA("driver", driver)));
    }
    GangAnnotations.Reading reading =
        GangAnnotations.read(
            PodFields.annotations(driver), GangAnnotations.Role.DRIVER, systemAnnotationKeys);
    List<Problem> problems = new ArrayList<>(reading.warnings());
    if (!reading.errors().isEmpty()) {
      return GangAssembly.invalid(reading.errors(), problems);
    }
    GangAnnotations.Overrides o = reading.overrides();
    checkDriverAnnotations(o, d.requests(), problems);
    Optional<String> version =
        Optional.ofNullable(PodFields.labels(driver).get(SparkLabels.SPARK_VERSION));
    GangAssembly assembly = new GangAssembly(d, driver, o, now);
    return switch (DriverConfLookup.lookup(driver, configMaps)) {
      case DriverConfLookup.Outcome.Found f -> {
        problems.addAll(f.warnings());
        String detail = "spark.properties in ConfigMap " + f.configMapName();
        yield assembly.from(
            GangBase.fromSparkConf(
                f.props(), f.executorTemplate(), version, GangSource.Basis.SPARK_CONF, detail),
            problems);
      }
      case DriverConfLookup.Outcome.Broken b -> GangAssembly.invalid(b.problems(), problems);
      case DriverConfLookup.Outcome.Waiting w -> {
        if (o.complete()) {
          problems.add(constraintsUnknown(w.configMaps()));
          yield assembly.from(GangBase.Attempt.of(GangBase.fromAnnotations(o)), problems);
        }
        Optional<Result.Known> fallback = Optional.empty();
        if (application.isPresent()) {
          Result r = assembly.from(GangBase.fromApplication(application.get(), version), problems);
          if (r instanceof Result.Known k) {
            fallback = Optional.of(k);
          } else {
            problems = new ArrayList<>(r.problems());
          }
        }
        yield new Result.Pending(
            w.configMaps(),
            "waiting for Spark's ConfigMap "
                + String.join(", ", w.configMaps())
                + " (Spark creates it just after the driver pod)",
            fallback,
            problems);
      }
      case DriverConfLookup.Outcome.NotMounted n -> {
        if (application.isPresent()) {
          yield assembly.from(GangBase.fromApplication(application.get(), version), problems);
        }
        if (o.complete()) {
          yield assembly.from(GangBase.Attempt.of(GangBase.fromAnnotations(o)), problems);
        }
        yield new Result.Alone(aloneWhy(o), problems);
      }
    };
  }

  /**
   * Client mode: executors without a driver pod form a gang of {@value GangAnnotations#GANG_SIZE}
   * (or palantir's {@code spark-executor-count}) executors, each requesting what this executor
   * requests and constrained as it is; without that annotation the executor is {@link
   * Result.Alone}. Every executor of the gang gives the same spec except {@code createdAt}, which
   * is this pod's: the caller keeps the first spec per gang.
   */
  public Result inferClientMode(Pod executor, Instant now) {
    Objects.requireNonNull(now, "now");
    if (!(PodClassifier.classify(executor) instanceof SparkPod.Executor e)) {
      return new Result.Invalid(List.of(notA("executor", executor)));
    }
    GangAnnotations.Reading reading =
        GangAnnotations.read(
            PodFields.annotations(executor), GangAnnotations.Role.EXECUTOR, systemAnnotationKeys);
    if (!reading.errors().isEmpty()) {
      return GangAssembly.invalid(reading.errors(), reading.warnings());
    }
    GangAnnotations.Overrides o = reading.overrides();
    if (o.gangSize().isEmpty()) {
      return new Result.Alone(
          "executor "
              + e.pod()
              + " has no driver pod and no "
              + GangAnnotations.GANG_SIZE
              + " (or "
              + GangAnnotations.PALANTIR_EXECUTOR_COUNT
              + ") annotation: scheduled on its own",
          reading.warnings());
    }
    int size = o.gangSize().getAsInt();
    return GangAssembly.build(
        e.gang(),
        PodFields.createdAt(executor).orElse(now),
        o.priority().orElse(PodFields.priority(executor).orElse(0)),
        Optional.empty(),
        e.requests(),
        size,
        size,
        e.constraints(),
        new GangSource(
            GangSource.Basis.EXECUTOR_ANNOTATIONS, "annotations on executor " + e.pod(), o.keys()),
        reading.warnings());
  }

  private static void checkDriverAnnotations(
      GangAnnotations.Overrides o, Resources driver, List<Problem> out) {
    if (o.driverMilliCpu().isPresent() && o.driverMilliCpu().getAsLong() != driver.milliCpu()) {
      out.add(driverIgnored(GangAnnotations.PALANTIR_DRIVER_CPU, driver.milliCpu() + "m CPU"));
    }
    if (o.driverMemoryBytes().isPresent()
        && o.driverMemoryBytes().getAsLong() != driver.memoryBytes()) {
      out.add(driverIgnored(GangAnnotations.PALANTIR_DRIVER_MEM, driver.memoryBytes() + " bytes"));
    }
  }

  private static Problem driverIgnored(String key, String actual) {
    return new Problem(
        Problem.Kind.IGNORED_ANNOTATION,
        "annotation " + key,
        "differs from the driver pod's own request (" + actual + "), which is used");
  }

  private static Problem constraintsUnknown(List<String> configMaps) {
    return new Problem(
        Problem.Kind.EXECUTOR_CONSTRAINTS_UNKNOWN,
        "ConfigMap " + String.join(", ", configMaps),
        "not in the cache yet; the gang is sized from annotations and executor node selectors,"
            + " affinity and tolerations are not known");
  }

  private static String aloneWhy(GangAnnotations.Overrides o) {
    String base =
        "no gang description: the driver mounts no "
            + SparkLabels.DRIVER_CONF_VOLUME
            + " ConfigMap and no SparkApplication owns it";
    if (o.keys().isEmpty()) {
      return base + ", and it carries no muster.io/ or palantir gang annotations";
    }
    return base + ", and its annotations lack " + String.join(", ", o.missing());
  }

  private static Problem notA(String role, Pod pod) {
    String why =
        switch (PodClassifier.classify(pod)) {
          case SparkPod.Other other -> other.reason();
          case SparkPod.Driver x -> "it is a driver pod";
          case SparkPod.Executor x -> "it is an executor pod";
        };
    return new Problem(
        Problem.Kind.INVALID_POD, "pod " + PodFields.ref(pod), "not a Spark " + role + ": " + why);
  }
}
