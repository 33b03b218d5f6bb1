package io.muster.placement.model;

/** A node taint; {@code value} is empty when the taint has none. */
public record Taint(String key, String value, TaintEffect effect) {
  public Taint {
    Checks.requireArgument(key != null && !key.isEmpty(), "taint key is empty");
    value = value == null ? "" : value;
    Checks.requireArgument(effect != null, "taint %s has no effect", key);
  }
}
