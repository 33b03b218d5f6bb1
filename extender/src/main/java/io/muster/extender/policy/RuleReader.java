package io.muster.extender.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.placement.policy.PlacementPolicy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads one entry of {@code rules}: its {@code name}, {@code match} and {@code policy}. */
final class RuleReader {
  private static final List<String> RULE_FIELDS = List.of("name", "match", "policy");
  private static final List<String> MATCH_FIELDS = List.of("namespaces", "labelSelector");

  private RuleReader() {}

  /** The rule at {@code path}, its policy merged over {@code base}; empty after a violation. */
  static Optional<PolicyRule> read(JsonNode node, String path, PlacementPolicy base, Violations v) {
    Optional<ObjectNode> mapping = YamlFields.mapping(node, path, RULE_FIELDS, v);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode m = mapping.get();
    int before = v.count();
    String namePath = Violations.child(path, "name");
    Optional<String> name =
        YamlFields.required(m, path, "name", v)
            .flatMap(n -> YamlFields.string(n, namePath, v))
            .filter(n -> validName(n, namePath, v));
    Optional<RuleMatch> match =
        YamlFields.required(m, path, "match", v)
            .flatMap(n -> match(n, Violations.child(path, "match"), v));
    PlacementPolicy policy =
        YamlFields.required(m, path, "policy", v)
            .map(n -> PolicyFields.read(n, Violations.child(path, "policy"), base, v))
            .orElse(base);
    if (v.count() > before || name.isEmpty() || match.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PolicyRule(name.get(), match.get(), policy));
  }

  private static boolean validName(String name, String path, Violations v) {
    if (PolicySet.DEFAULT_RULE_NAME.equals(name)) {
      v.add(path, "%s is reserved for the document's default", Violations.quote(name));
      return false;
    }
    Optional<String> problem = KubernetesNames.dnsLabelProblem(name);
    problem.ifPresent(p -> v.add(path, "invalid rule name %s: %s", Violations.quote(name), p));
    return problem.isEmpty();
  }

  private static Optional<RuleMatch> match(JsonNode node, String path, Violations v) {
    int before = v.count();
    Optional<ObjectNode> mapping = YamlFields.mapping(node, path, MATCH_FIELDS, v);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode m = mapping.get();
    boolean onlyKnownFields = v.count() == before;
    if (onlyKnownFields && !m.has("namespaces") && !m.has("labelSelector")) {
      // A rule that matches everything would silently replace the default: say so instead.
      v.add(
          path,
          "must name namespaces, a labelSelector or both (to change every application,"
              + " edit default)");
      return Optional.empty();
    }
    Set<String> namespaces =
        YamlFields.optional(m, "namespaces")
            .map(n -> namespaces(n, Violations.child(path, "namespaces"), v))
            .orElse(Set.of());
    Optional<LabelSelector> selector =
        YamlFields.optional(m, "labelSelector")
            .map(n -> SelectorReader.read(n, Violations.child(path, "labelSelector"), v))
            .orElse(Optional.of(LabelSelector.EVERYTHING));
    if (v.count() > before || selector.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RuleMatch(namespaces, selector.get()));
  }

  private static Set<String> namespaces(JsonNode node, String path, Violations v) {
    Set<String> out = new LinkedHashSet<>();
    Optional<List<JsonNode>> list = YamlFields.list(node, path, v);
    if (list.isEmpty()) {
      return out;
    }
    List<JsonNode> items = list.get();
    if (items.isEmpty()) {
      v.add(path, "must not be empty (leave it out to match every namespace)");
    }
    for (int i = 0; i < items.size(); i++) {
      String itemPath = Violations.element(path, i);
      YamlFields.string(items.get(i), itemPath, v)
          .filter(ns -> validNamespace(ns, itemPath, v))
          .ifPresent(out::add);
    }
    return out;
  }

  private static boolean validNamespace(String namespace, String path, Violations v) {
    Optional<String> problem = KubernetesNames.dnsLabelProblem(namespace);
    problem.ifPresent(p -> v.add(path, "invalid namespace %s: %s", Violations.quote(namespace), p));
    return problem.isEmpty();
  }
}
