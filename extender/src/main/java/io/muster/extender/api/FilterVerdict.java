package io.muster.extender.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one filter call: nodes that pass, and a message for each node that does not, split
 * into failures that may go away ({@code failed}, preemption may help) and failures that never will
 * ({@code unresolvable}). {@code others}, when present, explains every offered node that neither
 * passes nor is named in a map: it keeps "one node passes, the rest fail for the same reason" O(1)
 * to build, since an executor's filter call offers every node of the cluster.
 */
public record FilterVerdict(
    List<String> passed,
    Map<String, String> failed,
    Map<String, String> unresolvable,
    Optional<Others> others) {

  /** Why the offered nodes a verdict does not name were dropped. */
  public record Others(String message, boolean resolvable) {
    public Others {
      Objects.requireNonNull(message, "message");
    }
  }

  public FilterVerdict {
    passed = List.copyOf(passed);
    failed = Map.copyOf(failed);
    unresolvable = Map.copyOf(unresolvable);
    Objects.requireNonNull(others, "others");
  }

  /** A verdict that names every node it drops. */
  public FilterVerdict(
      List<String> passed, Map<String, String> failed, Map<String, String> unresolvable) {
    this(passed, failed, unresolvable, Optional.empty());
  }

  /** Every offered node passes (for example, a pod Muster does not manage). */
  public static FilterVerdict passAll(List<String> nodes) {
    return new FilterVerdict(nodes, Map.of(), Map.of());
  }

  /** No node passes, all for the same reason. */
  public static FilterVerdict failAll(List<String> nodes, String message, boolean resolvable) {
    Map<String, String> failures = sameMessage(nodes, message);
    return resolvable
        ? new FilterVerdict(List.of(), failures, Map.of())
        : new FilterVerdict(List.of(), Map.of(), failures);
  }

  /**
   * Only {@code node} passes; every other offered node fails with {@code othersMessage} (for
   * example, an executor steered to its reserved slot).
   */
  public static FilterVerdict only(String node, String othersMessage, boolean resolvable) {
    return some(List.of(Objects.requireNonNull(node, "node")), othersMessage, resolvable);
  }

  /** Only {@code nodes} pass; every other offered node fails with {@code othersMessage}. */
  public static FilterVerdict some(List<String> nodes, String othersMessage, boolean resolvable) {
    return new FilterVerdict(
        nodes, Map.of(), Map.of(), Optional.of(new Others(othersMessage, resolvable)));
  }

  /**
   * Why {@code node} does not pass: its entry in {@code unresolvable} (which wins, as in
   * kube-scheduler), in {@code failed}, or {@code others}; empty when the verdict passes it or does
   * not explain it.
   */
  public Optional<Others> reasonFor(String node) {
    String why = unresolvable.get(node);
    if (why != null) {
      return Optional.of(new Others(why, false));
    }
    why = failed.get(node);
    if (why != null) {
      return Optional.of(new Others(why, true));
    }
    return passed.contains(node) ? Optional.empty() : others;
  }

  private static Map<String, String> sameMessage(List<String> nodes, String message) {
    Objects.requireNonNull(message, "message");
    Map<String, String> failures = new LinkedHashMap<>();
    nodes.forEach(n -> failures.put(n, message));
    return failures;
  }
}
