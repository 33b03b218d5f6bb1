package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executor side of a gang as one source describes it, before annotation overrides: each
 * executor pod's requests, the executor count and where executors may run.
 */
record GangBase(
    Resources executor,
    SparkExecutorSizing.ExecutorCount count,
    PodConstraints constraints,
    GangSource.Basis basis,
    String detail,
    List<Problem> warnings) {
  GangBase {
    warnings = List.copyOf(warnings);
  }

  /** A base, or the problems that make the source unusable. */
  record Attempt(Optional<GangBase> base, List<Problem> problems) {
    Attempt {
      problems = List.copyOf(problems);
    }

    static Attempt of(GangBase base) {
      return new Attempt(Optional.of(base), List.of());
    }

    static Attempt failed(List<Problem> problems) {
      return new Attempt(Optional.empty(), problems);
    }
  }

  /** From Spark's resolved properties and the executor pod template, if any. */
  static Attempt fromSparkConf(
      SparkProperties props,
      Optional<Pod> template,
      Optional<String> sparkVersion,
      GangSource.Basis basis,
      String detail) {
    return switch (SparkExecutorSizing.of(props, sparkVersion)) {
      case SparkExecutorSizing.Result.Rejected r -> Attempt.failed(r.problems());
      case SparkExecutorSizing.Result.Sized s -> {
        ExecutorPodModel.Modelled model;
        try {
          model = ExecutorPodModel.build(template, props, s.sizing().executor());
        } catch (InvalidQuantityException e) {
          yield Attempt.failed(
              List.of(new Problem(Problem.Kind.INVALID_POD_TEMPLATE, e.field(), e.getMessage())));
        }
        yield Attempt.of(
            new GangBase(
                model.requests(),
                s.sizing().executors(),
                model.constraints().constraints(),
                basis,
                detail,
                model.constraints().problems()));
      }
    };
  }

  /** From a SparkApplication: its Spark properties plus what the operator's webhook adds. */
  static Attempt fromApplication(OperatorApplication app, Optional<String> sparkVersion) {
    Attempt a =
        fromSparkConf(
            app.toSparkProperties(),
            Optional.empty(),
            sparkVersion,
            GangSource.Basis.SPARK_APPLICATION,
            "SparkApplication " + app.name());
    if (a.base().isEmpty()) {
      List<Problem> problems = new ArrayList<>();
      for (Problem p : a.problems()) {
        problems.add(
            new Problem(
                Problem.Kind.INVALID_SPARK_APPLICATION,
                "SparkApplication " + app.name() + " " + p.subject(),
                p.message()));
      }
      return Attempt.failed(problems);
    }
    GangBase b = a.base().get();
    Resources executor = b.executor();
    if (app.executor().gpu().isPresent()) {
      OperatorApplication.Gpu gpu = app.executor().gpu().get();
      if (gpu.quantity() < 0 || gpu.name() == null || gpu.name().isBlank()) {
        return Attempt.failed(
            List.of(
                new Problem(
                    Problem.Kind.INVALID_SPARK_APPLICATION,
                    "SparkApplication " + app.name() + " spec.executor.gpu",
                    "needs a resource name and a non-negative quantity")));
      }
      executor = executor.withExtended(gpu.name(), gpu.quantity());
    }
    PodConstraints merged = merge(b.constraints(), app.executor().constraints());
    return Attempt.of(
        new GangBase(executor, b.count(), merged, b.basis(), b.detail(), b.warnings()));
  }

  /** From complete annotations alone: no constraints are known. */
  static GangBase fromAnnotations(GangAnnotations.Overrides o) {
    int min = o.executorCount().orElse(o.minExecutors().orElse(0));
    int max = o.executorCount().orElse(o.maxExecutors().orElse(min));
    return new GangBase(
        new Resources(
            o.executorMilliCpu().orElse(0), o.executorMemoryBytes().orElse(0), 1, Map.of()),
        new SparkExecutorSizing.ExecutorCount(min, max, o.executorCount().isEmpty()),
        PodConstraints.NONE,
        GangSource.Basis.ANNOTATIONS,
        "driver annotations",
        List.of());
  }

  /** Both apply: node selectors union ({@code extra} wins), terms of {@code extra} if any. */
  static PodConstraints merge(PodConstraints base, PodConstraints extra) {
    Map<String, String> selector = new LinkedHashMap<>(base.nodeSelector());
    selector.putAll(extra.nodeSelector());
    List<NodeSelectorTerm> terms =
        extra.requiredTerms().isEmpty() ? base.requiredTerms() : extra.requiredTerms();
    List<Toleration> tolerations = new ArrayList<>(base.tolerations());
    extra.tolerations().stream().filter(t -> !tolerations.contains(t)).forEach(tolerations::add);
    return new PodConstraints(selector, terms, tolerations);
  }
}
