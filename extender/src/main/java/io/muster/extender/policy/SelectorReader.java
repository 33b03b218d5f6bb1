package io.muster.extender.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a Kubernetes {@code labelSelector} with the API server's validation rules. */
final class SelectorReader {
  private static final List<String> SELECTOR_FIELDS = List.of("matchLabels", "matchExpressions");
  private static final List<String> EXPRESSION_FIELDS = List.of("key", "operator", "values");

  private SelectorReader() {}

  static Optional<LabelSelector> read(JsonNode node, String path, Violations v) {
    Optional<ObjectNode> mapping = YamlFields.mapping(node, path, SELECTOR_FIELDS, v);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    int before = v.count();
    Map<String, String> labels =
        YamlFields.optional(mapping.get(), "matchLabels")
            .map(n -> matchLabels(n, Violations.child(path, "matchLabels"), v))
            .orElse(Map.of());
    List<LabelRequirement> expressions =
        YamlFields.optional(mapping.get(), "matchExpressions")
            .map(n -> matchExpressions(n, Violations.child(path, "matchExpressions"), v))
            .orElse(List.of());
    return v.count() > before
        ? Optional.empty()
        : Optional.of(new LabelSelector(labels, expressions));
  }

  private static Map<String, String> matchLabels(JsonNode node, String path, Violations v) {
    if (node.isMissingNode()) {
      return Map.of();
    }
    if (!node.isObject()) {
      v.add(path, "must be a mapping of label keys to values, got %s", YamlFields.kind(node));
      return Map.of();
    }
    Map<String, String> labels = new HashMap<>();
    node.properties()
        .forEach(
            e -> {
              String keyPath = Violations.child(path, e.getKey());
              key(e.getKey(), keyPath, v);
              YamlFields.string(e.getValue(), keyPath, v)
                  .filter(value -> labelValue(value, keyPath, v))
                  .ifPresent(value -> labels.put(e.getKey(), value));
            });
    return labels;
  }

  private static List<LabelRequirement> matchExpressions(JsonNode node, String path, Violations v) {
    List<LabelRequirement> out = new ArrayList<>();
    List<JsonNode> items = YamlFields.list(node, path, v).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      expression(items.get(i), Violations.element(path, i), v).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<LabelRequirement> expression(JsonNode node, String path, Violations v) {
    Optional<ObjectNode> mapping = YamlFields.mapping(node, path, EXPRESSION_FIELDS, v);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode m = mapping.get();
    int before = v.count();
    String keyPath = Violations.child(path, "key");
    Optional<String> key =
        YamlFields.required(m, path, "key", v)
            .flatMap(n -> YamlFields.string(n, keyPath, v))
            .filter(k -> key(k, keyPath, v));
    String opPath = Violations.child(path, "operator");
    Optional<LabelRequirement.Operator> operator =
        YamlFields.required(m, path, "operator", v)
            .flatMap(n -> YamlFields.string(n, opPath, v))
            .flatMap(name -> operator(name, opPath, v));
    int beforeValues = v.count();
    Set<String> values =
        YamlFields.optional(m, "values")
            .map(n -> values(n, Violations.child(path, "values"), v))
            .orElse(Set.of());
    if (v.count() == beforeValues) {
      operator.ifPresent(op -> checkValueCount(op, values, m.has("values"), path, v));
    }
    if (v.count() > before || key.isEmpty() || operator.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LabelRequirement(key.get(), operator.get(), values));
  }

  private static Optional<LabelRequirement.Operator> operator(
      String name, String path, Violations v) {
    Optional<LabelRequirement.Operator> op = LabelRequirement.Operator.fromWireName(name);
    if (op.isEmpty()) {
      v.add(
          path,
          "unknown %s (known: %s)",
          Violations.quote(name),
          LabelRequirement.Operator.knownNames());
    }
    return op;
  }

  private static void checkValueCount(
      LabelRequirement.Operator op, Set<String> values, boolean given, String path, Violations v) {
    String valuesPath = Violations.child(path, "values");
    if (op.takesValues() && values.isEmpty() && !given) {
      v.add(valuesPath, "missing (required for %s)", op.wireName());
    } else if (op.takesValues() && values.isEmpty()) {
      v.add(valuesPath, "must not be empty for %s", op.wireName());
    } else if (!op.takesValues() && !values.isEmpty()) {
      v.add(valuesPath, "must be empty for %s", op.wireName());
    }
  }

  private static Set<String> values(JsonNode node, String path, Violations v) {
    Set<String> out = new LinkedHashSet<>();
    List<JsonNode> items = YamlFields.list(node, path, v).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String itemPath = Violations.element(path, i);
      YamlFields.string(items.get(i), itemPath, v)
          .filter(value -> labelValue(value, itemPath, v))
          .ifPresent(out::add);
    }
    return out;
  }

  private static boolean key(String key, String path, Violations v) {
    Optional<String> problem = KubernetesNames.labelKeyProblem(key);
    problem.ifPresent(p -> v.add(path, "invalid label key %s: %s", Violations.quote(key), p));
    return problem.isEmpty();
  }

  private static boolean labelValue(String value, String path, Violations v) {
    Optional<String> problem = KubernetesNames.labelValueProblem(value);
    problem.ifPresent(p -> v.add(path, "invalid label value %s: %s", Violations.quote(value), p));
    return problem.isEmpty();
  }
}
