package io.muster.placement.model;

import java.util.List;
import java.util.Map;

/** One match expression of a required node-affinity term, with Kubernetes semantics. */
public record NodeSelectorRequirement(String key, Operator operator, List<String> values) {
  /** Node selector operators. */
  public enum Operator {
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST,
    GT,
    LT
  }

  public NodeSelectorRequirement {
    Checks.requireArgument(key != null && !key.isEmpty(), "node selector requirement key is empty");
    Checks.requireArgument(operator != null, "node selector requirement %s has no operator", key);
    values = List.copyOf(values);
    switch (operator) {
      case IN, NOT_IN ->
          Checks.requireArgument(
              !values.isEmpty(), "operator %s on %s needs values", operator, key);
      case EXISTS, DOES_NOT_EXIST ->
          Checks.requireArgument(
              values.isEmpty(), "operator %s on %s takes no values", operator, key);
      case GT, LT -> {
        Checks.requireArgument(
            values.size() == 1, "operator %s on %s needs one value", operator, key);
        try {
          Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "operator " + operator + " on " + key + " needs an integer, got " + values.get(0), e);
        }
      }
    }
  }

  public boolean matches(Map<String, String> labels) {
    String v = labels.get(key);
    return switch (operator) {
      case IN -> v != null && values.contains(v);
      case NOT_IN -> v == null || !values.contains(v);
      case EXISTS -> v != null;
      case DOES_NOT_EXIST -> v == null;
      case GT -> v != null && parses(v) && Long.parseLong(v) > Long.parseLong(values.get(0));
      case LT -> v != null && parses(v) && Long.parseLong(v) < Long.parseLong(values.get(0));
    };
  }

  private static boolean parses(String v) {
    try {
      Long.parseLong(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
