package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.spark.GangInference.Result;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Applies a driver's annotation overrides to a {@link GangBase} and builds the gang spec. */
record GangAssembly(SparkPod.Driver driver, Pod pod, GangAnnotations.Overrides o, Instant now) {
  Result from(GangBase.Attempt attempt, List<Problem> problems) {
    if (attempt.base().isEmpty()) {
      return invalid(attempt.problems(), problems);
    }
    GangBase b = attempt.base().get();
    List<Problem> all = new ArrayList<>(problems);
    all.addAll(b.warnings());
    Resources executor = b.executor();
    if (b.basis() != GangSource.Basis.ANNOTATIONS) {
      mismatch(o.executorMilliCpu(), executor.milliCpu(), GangAnnotations.EXECUTOR_CPU, b, all);
      mismatch(
          o.executorMemoryBytes(), executor.memoryBytes(), GangAnnotations.EXECUTOR_MEMORY, b, all);
    }
    executor =
        new Resources(
            o.executorMilliCpu().orElse(executor.milliCpu()),
            o.executorMemoryBytes().orElse(executor.memoryBytes()),
            executor.pods(),
            executor.extended());
    int min = o.executorCount().orElse(o.minExecutors().orElse(b.count().min()));
    int max = o.executorCount().orElse(o.maxExecutors().orElse(b.count().max()));
    if (min > max) {
      return invalid(
          List.of(
              new Problem(
                  Problem.Kind.CONFLICTING_ANNOTATIONS,
                  "executor count",
                  "minimum " + min + " exceeds maximum " + max + " (from " + b.detail() + ")")),
          all);
    }
    GangSource.Basis basis = o.complete() ? GangSource.Basis.ANNOTATIONS : b.basis();
    String detail =
        o.complete() && b.basis() != GangSource.Basis.ANNOTATIONS
            ? "driver annotations; constraints from " + b.detail()
            : b.detail();
    return build(
        driver.gang(),
        PodFields.createdAt(pod).orElse(now),
        o.priority().orElse(PodFields.priority(pod).orElse(0)),
        Optional.of(driver.requests()),
        executor,
        min,
        max,
        b.constraints(),
        new GangSource(basis, detail, o.keys()),
        all);
  }

  private static void mismatch(
      OptionalLong annotated, long computed, String key, GangBase b, List<Problem> out) {
    if (annotated.isPresent() && annotated.getAsLong() != computed) {
      out.add(
          new Problem(
              Problem.Kind.SIZE_MISMATCH,
              "annotation " + key,
              "overrides "
                  + computed
                  + " from "
                  + b.detail()
                  + " with "
                  + annotated.getAsLong()
                  + "; Spark's executors may not match their reserved room"));
    }
  }

  static Result build(
      GangId id,
      Instant createdAt,
      int priority,
      Optional<Resources> driver,
      Resources executor,
      int min,
      int max,
      PodConstraints constraints,
      GangSource source,
      List<Problem> problems) {
    if (min > GangInference.MAX_MIN_EXECUTORS) {
      return invalid(
          List.of(
              new Problem(
                  Problem.Kind.INVALID_POD,
                  "gang " + id,
                  "a minimum of "
                      + min
                      + " executors is over Muster's limit of "
                      + GangInference.MAX_MIN_EXECUTORS
                      + " per gang (from "
                      + source.describe()
                      + ")")),
          problems);
    }
    try {
      GangSpec spec =
          new GangSpec(id, createdAt, priority, driver, executor, min, max, constraints);
      return new Result.Known(spec, source, problems);
    } catch (IllegalArgumentException e) {
      return invalid(
          List.of(new Problem(Problem.Kind.INVALID_POD, "gang " + id, e.getMessage())), problems);
    }
  }

  static Result invalid(List<Problem> fatal, List<Problem> warnings) {
    List<Problem> all = new ArrayList<>(fatal);
    all.addAll(warnings);
    return new Result.Invalid(all);
  }
}
