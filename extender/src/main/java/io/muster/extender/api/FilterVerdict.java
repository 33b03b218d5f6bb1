package io.muster.extender.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to one filter call: nodes that pass, and a message for each node that does not, split
 * into failures that may go away ({@code failed}, preemption may help) and failures that never will
 * ({@code unresolvable}).
 */
public record FilterVerdict(
    List<String> passed, Map<String, String> failed, Map<String, String> unresolvable) {

  public FilterVerdict {
    passed = List.copyOf(passed);
    failed = Map.copyOf(failed);
    unresolvable = Map.copyOf(unresolvable);
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
  public static FilterVerdict only(
      String node, List<String> offered, String othersMessage, boolean resolvable) {
    Objects.requireNonNull(node, "node");
    List<String> others = offered.stream().filter(n -> !n.equals(node)).toList();
    Map<String, String> failures = sameMessage(others, othersMessage);
    return resolvable
        ? new FilterVerdict(List.of(node), failures, Map.of())
        : new FilterVerdict(List.of(node), Map.of(), failures);
  }

  private static Map<String, String> sameMessage(List<String> nodes, String message) {
    Objects.requireNonNull(message, "message");
    Map<String, String> failures = new LinkedHashMap<>();
    nodes.forEach(n -> failures.put(n, message));
    return failures;
  }
}
