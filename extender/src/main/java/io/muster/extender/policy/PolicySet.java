package io.muster.extender.policy;

import io.muster.placement.model.Checks;
import io.muster.placement.policy.PlacementPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed policy document: the default and the rules in document order. The first rule whose match
 * holds decides; rule names are unique and never {@value #DEFAULT_RULE_NAME}.
 */
public record PolicySet(PlacementPolicy defaultPolicy, List<PolicyRule> rules) {
  /** The {@link ResolvedPolicy#ruleName()} reported when no rule matched. */
  public static final String DEFAULT_RULE_NAME = "default";

  /** What applies when there is no ConfigMap: {@link PlacementPolicy#DEFAULT} and no rules. */
  public static final PolicySet BUILT_IN = new PolicySet(PlacementPolicy.DEFAULT, List.of());

  public PolicySet {
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    rules = List.copyOf(rules);
    Set<String> names = new HashSet<>();
    for (PolicyRule rule : rules) {
      Checks.requireArgument(
          !DEFAULT_RULE_NAME.equals(rule.name()), "rule name %s is reserved", DEFAULT_RULE_NAME);
      Checks.requireArgument(names.add(rule.name()), "duplicate rule name %s", rule.name());
    }
  }

  /**
   * The policy for an application whose driver runs in {@code namespace} with {@code driverLabels}
   * (null is read as no labels). Executors use their driver's answer.
   */
  public ResolvedPolicy policyFor(String namespace, Map<String, String> driverLabels) {
    Map<String, String> labels = driverLabels == null ? Map.of() : driverLabels;
    for (PolicyRule rule : rules) {
      if (rule.match().matches(namespace, labels)) {
        return new ResolvedPolicy(rule.name(), rule.policy());
      }
    }
    return new ResolvedPolicy(DEFAULT_RULE_NAME, defaultPolicy);
  }
}
