package io.muster.extender.policy;

import io.muster.placement.model.Checks;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One {@code matchExpressions} entry of a Kubernetes label selector: {@code In}/{@code NotIn} carry
 * at least one value, {@code Exists}/{@code DoesNotExist} carry none.
 */
public record LabelRequirement(String key, Operator operator, Set<String> values) {

  /**
   * The label-selector operators, spelled as in Kubernetes ({@code Gt}/{@code Lt} are node-only).
   */
  public enum Operator {
    /** The label is present and its value is one of {@code values}. */
    IN("In"),
    /** The label is absent, or its value is none of {@code values}. */
    NOT_IN("NotIn"),
    /** The label is present, whatever its value. */
    EXISTS("Exists"),
    /** The label is absent. */
    DOES_NOT_EXIST("DoesNotExist");

    private final String wireName;

    Operator(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** Exact, case-sensitive match, as the API server does it. */
    public static Optional<Operator> fromWireName(String name) {
      return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
    }

    public static String knownNames() {
      return Arrays.stream(values()).map(Operator::wireName).collect(Collectors.joining(", "));
    }

    boolean takesValues() {
      return this == IN || this == NOT_IN;
    }
  }

  public LabelRequirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = Set.copyOf(values);
    Checks.requireArgument(
        operator.takesValues() != values.isEmpty(),
        "%s %s: In/NotIn need values, Exists/DoesNotExist take none (got %s)",
        key,
        operator.wireName(),
        values);
  }

  public boolean matches(Map<String, String> labels) {
    String value = labels.get(key);
    return switch (operator) {
      case IN -> value != null && values.contains(value);
      case NOT_IN -> value == null || !values.contains(value);
      case EXISTS -> value != null;
      case DOES_NOT_EXIST -> value == null;
    };
  }
}
