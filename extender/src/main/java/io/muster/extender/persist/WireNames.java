package io.muster.extender.persist;

import io.muster.placement.model.NodeSelectorRequirement;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.util.Optional;

/** Kubernetes spellings of the model's enums, as written in the reservation JSON. */
final class WireNames {
  private WireNames() {}

  static String of(NodeSelectorRequirement.Operator op) {
    return switch (op) {
      case IN -> "In";
      case NOT_IN -> "NotIn";
      case EXISTS -> "Exists";
      case DOES_NOT_EXIST -> "DoesNotExist";
      case GT -> "Gt";
      case LT -> "Lt";
    };
  }

  static Optional<NodeSelectorRequirement.Operator> selectorOperator(String s) {
    for (NodeSelectorRequirement.Operator op : NodeSelectorRequirement.Operator.values()) {
      if (of(op).equals(s)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  static String of(Toleration.Operator op) {
    return op == Toleration.Operator.EQUAL ? "Equal" : "Exists";
  }

  static Optional<Toleration.Operator> tolerationOperator(String s) {
    return switch (s) {
      case "Equal" -> Optional.of(Toleration.Operator.EQUAL);
      case "Exists" -> Optional.of(Toleration.Operator.EXISTS);
      default -> Optional.empty();
    };
  }

  static String of(TaintEffect e) {
    return switch (e) {
      case NO_SCHEDULE -> "NoSchedule";
      case PREFER_NO_SCHEDULE -> "PreferNoSchedule";
      case NO_EXECUTE -> "NoExecute";
    };
  }

  static Optional<TaintEffect> effect(String s) {
    for (TaintEffect e : TaintEffect.values()) {
      if (of(e).equals(s)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
