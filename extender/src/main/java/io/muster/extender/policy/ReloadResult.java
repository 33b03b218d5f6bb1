package io.muster.extender.policy;

import io.muster.placement.model.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The outcome of one policy reload, with the time it happened (from the loader's clock). */
public sealed interface ReloadResult {
  Instant at();

  Outcome outcome();

  /** Where the policy set in force came from. */
  enum Source {
    /** The {@code muster-policies} ConfigMap. */
    CONFIG_MAP,
    /** {@link PolicySet#BUILT_IN}: there is no ConfigMap, or no valid one has been seen yet. */
    BUILT_IN_DEFAULT;

    /** Lower-case, hyphenated name for logs and events ({@code config-map}). */
    public String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Applied or rejected; {@link #tag()} is the bounded metric tag {@code result}. */
  enum Outcome {
    APPLIED,
    REJECTED;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code policies} is now in force. */
  record Applied(Instant at, Source source, PolicySet policies) implements ReloadResult {
    public Applied {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(policies, "policies");
    }

    @Override
    public Outcome outcome() {
      return Outcome.APPLIED;
    }
  }

  /**
   * The new content was invalid and changed nothing; {@code inForce} says what stays in force: the
   * last good ConfigMap content, or the built-in default when no good content has been seen.
   */
  record Rejected(Instant at, List<String> violations, Source inForce) implements ReloadResult {
    public Rejected {
      Objects.requireNonNull(at, "at");
      violations = List.copyOf(violations);
      Checks.requireArgument(!violations.isEmpty(), "a rejection needs at least one violation");
      Objects.requireNonNull(inForce, "inForce");
    }

    @Override
    public Outcome outcome() {
      return Outcome.REJECTED;
    }
  }
}
