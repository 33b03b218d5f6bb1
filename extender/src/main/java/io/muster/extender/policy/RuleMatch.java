package io.muster.extender.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a rule applies to: a driver matches when its namespace is one of {@code namespaces} (an
 * empty set means any namespace) and its labels satisfy {@code labelSelector}.
 */
public record RuleMatch(Set<String> namespaces, LabelSelector labelSelector) {
  public RuleMatch {
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(labelSelector, "labelSelector");
  }

  public boolean matches(String namespace, Map<String, String> driverLabels) {
    return (namespaces.isEmpty() || namespaces.contains(namespace))
        && labelSelector.matches(driverLabels);
  }
}
