package io.muster.placement.model;

import java.util.Optional;

/**
 * A pod toleration with Kubernetes semantics: an empty key with {@code EXISTS} tolerates every
 * taint; an empty effect matches every effect.
 */
public record Toleration(
    String key, Operator operator, String value, Optional<TaintEffect> effect) {
  /** Toleration operators. */
  public enum Operator {
    EQUAL,
    EXISTS
  }

  public Toleration {
    key = key == null ? "" : key;
    value = value == null ? "" : value;
    Checks.requireArgument(operator != null, "toleration %s has no operator", key);
    Checks.requireArgument(
        !key.isEmpty() || operator == Operator.EXISTS,
        "a toleration with an empty key must use operator Exists");
    effect = effect == null ? Optional.empty() : effect;
  }

  public boolean tolerates(Taint taint) {
    if (effect.isPresent() && effect.get() != taint.effect()) {
      return false;
    }
    if (key.isEmpty()) {
      return true;
    }
    if (!key.equals(taint.key())) {
      return false;
    }
    return operator == Operator.EXISTS || value.equals(taint.value());
  }
}
