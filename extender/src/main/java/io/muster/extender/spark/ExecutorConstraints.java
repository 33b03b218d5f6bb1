package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.muster.placement.model.NodeSelectorRequirement;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a pod may run, as {@link PodConstraints}: its {@code nodeSelector}, the terms of its
 * required node affinity and its tolerations. Preferred affinity, pod (anti-)affinity, topology
 * spread and {@code matchFields} are not modelled (kube-scheduler still enforces them on the nodes
 * it offers); a {@code matchFields} requirement is dropped from its term, which only widens it.
 */
public final class ExecutorConstraints {
  /** Constraints plus anything that could not be represented. */
  public record Translation(PodConstraints constraints, List<Problem> problems) {
    public Translation {
      problems = List.copyOf(problems);
    }
  }

  private ExecutorConstraints() {}

  /** Best effort: what cannot be represented is left out (see {@link #translate(PodSpec)}). */
  public static PodConstraints of(Pod pod) {
    return pod == null ? PodConstraints.NONE : of(pod.getSpec());
  }

  public static PodConstraints of(PodSpec spec) {
    return translate(spec).constraints();
  }

  /** The constraints of {@code spec} and a problem for every part left out. */
  public static Translation translate(PodSpec spec) {
    if (spec == null) {
      return new Translation(PodConstraints.NONE, List.of());
    }
    return translate(spec.getNodeSelector(), spec.getAffinity(), spec.getTolerations());
  }

  /** The same from loose parts (e.g. a SparkApplication's {@code spec.executor}). */
  public static Translation translate(
      Map<String, String> nodeSelector,
      Affinity affinity,
      List<io.fabric8.kubernetes.api.model.Toleration> tolerations) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> selector = new TreeMap<>();
    if (nodeSelector != null) {
      nodeSelector.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              selector.put(k, v);
            }
          });
    }
    List<NodeSelectorTerm> terms = terms(affinity, problems);
    List<Toleration> tols = new ArrayList<>();
    if (tolerations != null) {
      for (io.fabric8.kubernetes.api.model.Toleration t : tolerations) {
        toleration(t, problems).ifPresent(tols::add);
      }
    }
    return new Translation(new PodConstraints(selector, terms, tols), problems);
  }

  private static List<NodeSelectorTerm> terms(Affinity affinity, List<Problem> problems) {
    NodeAffinity na = affinity == null ? null : affinity.getNodeAffinity();
    NodeSelector required =
        na == null ? null : na.getRequiredDuringSchedulingIgnoredDuringExecution();
    if (required == null || required.getNodeSelectorTerms() == null) {
      return List.of();
    }
    List<NodeSelectorTerm> terms = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.NodeSelectorTerm t : required.getNodeSelectorTerms()) {
      if (t == null) {
        continue;
      }
      List<NodeSelectorRequirement> reqs = new ArrayList<>();
      if (t.getMatchExpressions() != null) {
        for (var e : t.getMatchExpressions()) {
          requirement(e, problems).ifPresent(reqs::add);
        }
      }
      if (t.getMatchFields() != null && !t.getMatchFields().isEmpty()) {
        problems.add(
            new Problem(
                Problem.Kind.UNSUPPORTED_CONSTRAINT,
                "nodeAffinity matchFields",
                "node field selectors are left to kube-scheduler; the term is widened"));
        if (reqs.isEmpty()) {
          // A term of only matchFields would otherwise match no node at all.
          continue;
        }
      }
      terms.add(new NodeSelectorTerm(reqs));
    }
    return terms;
  }

  private static Optional<NodeSelectorRequirement> requirement(
      io.fabric8.kubernetes.api.model.NodeSelectorRequirement e, List<Problem> problems) {
    if (e == null) {
      return Optional.empty();
    }
    NodeSelectorRequirement.Operator op =
        switch (e.getOperator() == null ? "" : e.getOperator()) {
          case "In" -> NodeSelectorRequirement.Operator.IN;
          case "NotIn" -> NodeSelectorRequirement.Operator.NOT_IN;
          case "Exists" -> NodeSelectorRequirement.Operator.EXISTS;
          case "DoesNotExist" -> NodeSelectorRequirement.Operator.DOES_NOT_EXIST;
          case "Gt" -> NodeSelectorRequirement.Operator.GT;
          case "Lt" -> NodeSelectorRequirement.Operator.LT;
          default -> null;
        };
    String subject = "nodeAffinity requirement on " + e.getKey();
    if (op == null) {
      problems.add(
          new Problem(
              Problem.Kind.UNSUPPORTED_CONSTRAINT,
              subject,
              "unknown operator \"" + e.getOperator() + "\""));
      return Optional.empty();
    }
    List<String> values = e.getValues() == null ? List.of() : List.copyOf(e.getValues());
    try {
      return Optional.of(new NodeSelectorRequirement(e.getKey(), op, values));
    } catch (IllegalArgumentException | NullPointerException ex) {
      problems.add(new Problem(Problem.Kind.UNSUPPORTED_CONSTRAINT, subject, ex.getMessage()));
      return Optional.empty();
    }
  }

  private static Optional<Toleration> toleration(
      io.fabric8.kubernetes.api.model.Toleration t, List<Problem> problems) {
    if (t == null) {
      return Optional.empty();
    }
    String subject = "toleration " + (t.getKey() == null ? "" : t.getKey());
    Toleration.Operator op;
    String rawOp = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
    switch (rawOp) {
      case "Equal" -> op = Toleration.Operator.EQUAL;
      case "Exists" -> op = Toleration.Operator.EXISTS;
      default -> {
        problems.add(
            new Problem(
                Problem.Kind.UNSUPPORTED_CONSTRAINT,
                subject,
                "unknown operator \"" + rawOp + "\""));
        return Optional.empty();
      }
    }
    Optional<TaintEffect> effect;
    String rawEffect = t.getEffect() == null ? "" : t.getEffect();
    switch (rawEffect) {
      case "" -> effect = Optional.empty();
      case "NoSchedule" -> effect = Optional.of(TaintEffect.NO_SCHEDULE);
      case "PreferNoSchedule" -> effect = Optional.of(TaintEffect.PREFER_NO_SCHEDULE);
      case "NoExecute" -> effect = Optional.of(TaintEffect.NO_EXECUTE);
      default -> {
        problems.add(
            new Problem(
                Problem.Kind.UNSUPPORTED_CONSTRAINT,
                subject,
                "unknown effect \"" + rawEffect + "\""));
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new Toleration(t.getKey(), op, t.getValue(), effect));
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(Problem.Kind.UNSUPPORTED_CONSTRAINT, subject, e.getMessage()));
      return Optional.empty();
    }
  }
}
