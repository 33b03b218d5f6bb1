package io.muster.extender.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.placement.policy.PlacementPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a policy document (the {@code policies.yaml} key of the {@code muster-policies} ConfigMap;
 * format in {@code policies/README.md}) strictly: unknown fields, unknown names, out-of-range
 * numbers, bad durations and bad selectors are all violations, collected together with their paths.
 * It never throws: any input, however hostile, yields {@link ParseResult.Parsed} or {@link
 * ParseResult.Rejected}.
 */
public final class PolicyParser {
  static final String DEFAULT = "default";
  static final String RULES = "rules";
  private static final List<String> TOP_LEVEL = List.of(DEFAULT, RULES);

  private PolicyParser() {}

  public static ParseResult parse(String yaml) {
    Violations violations = new Violations();
    if (yaml == null) {
      violations.add("", "document is missing");
      return new ParseResult.Rejected(violations.list());
    }
    try {
      JsonNode root = YamlTree.read(yaml, violations);
      PolicySet set = document(root, violations);
      return violations.isEmpty()
          ? new ParseResult.Parsed(set)
          : new ParseResult.Rejected(violations.list());
    } catch (RuntimeException e) {
      // A bug here must not let a ConfigMap edit crash the informer thread: reject instead.
      violations.add(
          "",
          "could not be read (%s: %s)",
          e.getClass().getSimpleName(),
          Violations.quote(String.valueOf(e.getMessage())));
      return new ParseResult.Rejected(violations.list());
    }
  }

  private static PolicySet document(JsonNode root, Violations v) {
    if (root.isMissingNode()) {
      if (v.isEmpty()) {
        v.add("", "document is empty; write at least \"default: {}\" to use the built-in default");
      }
      return PolicySet.BUILT_IN;
    }
    Optional<ObjectNode> mapping = YamlFields.mapping(root, "", TOP_LEVEL, v);
    if (mapping.isEmpty()) {
      return PolicySet.BUILT_IN;
    }
    PlacementPolicy defaultPolicy =
        YamlFields.optional(mapping.get(), DEFAULT)
            .map(n -> PolicyFields.read(n, DEFAULT, PlacementPolicy.DEFAULT, v))
            .orElse(PlacementPolicy.DEFAULT);
    List<PolicyRule> rules =
        YamlFields.optional(mapping.get(), RULES)
            .map(n -> rules(n, defaultPolicy, v))
            .orElse(List.of());
    return v.isEmpty() ? new PolicySet(defaultPolicy, rules) : PolicySet.BUILT_IN;
  }

  private static List<PolicyRule> rules(JsonNode node, PlacementPolicy base, Violations v) {
    List<PolicyRule> rules = new ArrayList<>();
    Map<String, Integer> firstIndexByName = new HashMap<>();
    List<JsonNode> items = YamlFields.list(node, RULES, v).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String path = Violations.element(RULES, i);
      Optional<PolicyRule> rule = RuleReader.read(items.get(i), path, base, v);
      if (rule.isEmpty()) {
        continue;
      }
      Integer first = firstIndexByName.putIfAbsent(rule.get().name(), i);
      if (first != null) {
        v.add(
            Violations.child(path, "name"),
            "duplicate rule name %s (also rules[%d])",
            Violations.quote(rule.get().name()),
            first);
      } else {
        rules.add(rule.get());
      }
    }
    return rules;
  }
}
