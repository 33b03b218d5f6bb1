package io.muster.extender.policy;

import io.muster.placement.policy.PlacementPolicy;
import java.util.Objects;

/**
 * A named rule: drivers that {@code match} get {@code policy} (already merged over the default).
 */
public record PolicyRule(String name, RuleMatch match, PlacementPolicy policy) {
  public PolicyRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(policy, "policy");
  }
}
