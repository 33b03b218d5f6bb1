package io.muster.extender.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of tree nodes for the policy readers: each returns empty after recording a violation
 * (or silently, for a node already reported while reading the YAML).
 */
final class YamlFields {
  private YamlFields() {}

  /** The mapping at {@code node}, after rejecting every key not in {@code known}. */
  static Optional<ObjectNode> mapping(
      JsonNode node, String path, List<String> known, Violations violations) {
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      violations.add(path, "must be a mapping, got %s", kind(node));
      return Optional.empty();
    }
    ObjectNode object = (ObjectNode) node;
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        violations.add(
            Violations.child(path, name), "unknown field (known: %s)", String.join(", ", known));
      }
    }
    return Optional.of(object);
  }

  /** The elements of the list at {@code node}. */
  static Optional<List<JsonNode>> list(JsonNode node, String path, Violations violations) {
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isArray()) {
      violations.add(path, "must be a list, got %s", kind(node));
      return Optional.empty();
    }
    List<JsonNode> out = new ArrayList<>(node.size());
    node.elements().forEachRemaining(out::add);
    return Optional.of(out);
  }

  static Optional<String> string(JsonNode node, String path, Violations violations) {
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      violations.add(path, "must be a string, got %s%s", kind(node), quoteHint(node));
      return Optional.empty();
    }
    return Optional.of(node.textValue());
  }

  static Optional<Boolean> bool(JsonNode node, String path, Violations violations) {
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      violations.add(path, "must be true or false, got %s", kind(node));
      return Optional.empty();
    }
    return Optional.of(node.booleanValue());
  }

  /** A whole number within {@code min..max}. */
  static Optional<Integer> intInRange(
      JsonNode node, String path, int min, int max, Violations violations) {
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber()) {
      violations.add(path, "must be a whole number in %d..%d, got %s", min, max, kind(node));
      return Optional.empty();
    }
    if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
      violations.add(path, "%s is out of range %d..%d", node.asText(), min, max);
      return Optional.empty();
    }
    return Optional.of(node.intValue());
  }

  /** The field's node, or a violation when a required field is absent. */
  static Optional<JsonNode> required(ObjectNode object, String path, String field, Violations v) {
    JsonNode child = object.get(field);
    if (child == null) {
      v.add(Violations.child(path, field), "missing (required)");
      return Optional.empty();
    }
    return Optional.of(child);
  }

  static Optional<JsonNode> optional(ObjectNode object, String field) {
    return Optional.ofNullable(object.get(field));
  }

  /** How a node reads in a message: {@code a number (12)}, {@code a list}, ... */
  static String kind(JsonNode node) {
    if (node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
      // `key:` with nothing after it; Jackson reads it as null or as "" depending on its version.
      return "an empty value";
    }
    if (node.isTextual()) {
      return "a string " + Violations.quote(node.textValue());
    }
    if (node.isNumber()) {
      return "a number (" + node.asText() + ")";
    }
    if (node.isBoolean()) {
      return "a boolean (" + node.asText() + ")";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return "an unsupported value";
  }

  private static String quoteHint(JsonNode node) {
    // YAML reads unquoted true/no/on/12 as booleans or numbers; the cure is quoting.
    return node.isBoolean() || node.isNumber() ? " (quote it to mean the text)" : "";
  }
}
