package io.muster.extender.policy;

import io.muster.placement.policy.PlacementPolicy;
import java.util.Objects;

/**
 * The policy that applies to one application, and where it came from: the name of the first rule
 * that matched its driver, or {@link PolicySet#DEFAULT_RULE_NAME} when none did.
 */
public record ResolvedPolicy(String ruleName, PlacementPolicy policy) {
  public ResolvedPolicy {
    Objects.requireNonNull(ruleName, "ruleName");
    Objects.requireNonNull(policy, "policy");
  }

  /** True when no rule matched and the document's {@code default} applies. */
  public boolean fromDefault() {
    return PolicySet.DEFAULT_RULE_NAME.equals(ruleName);
  }
}
