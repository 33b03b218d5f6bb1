package io.muster.extender.policy;

import io.muster.placement.model.Checks;
import java.util.List;
import java.util.Objects;

/** What {@link PolicyParser#parse(String)} returns: a usable policy set, or every violation. */
public sealed interface ParseResult {

  /** The document is valid; {@code policies} is ready to use. */
  record Parsed(PolicySet policies) implements ParseResult {
    public Parsed {
      Objects.requireNonNull(policies, "policies");
    }
  }

  /**
   * The document is invalid. {@code violations} is never empty; each entry is path-qualified, e.g.
   * {@code rules[0].policy.strategy: unknown "tite-pack" (known: tightly-pack, ...)}.
   */
  record Rejected(List<String> violations) implements ParseResult {
    public Rejected {
      violations = List.copyOf(violations);
      Checks.requireArgument(!violations.isEmpty(), "a rejection needs at least one violation");
    }
  }
}
