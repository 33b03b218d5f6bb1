package io.muster.extender.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {
  private static final String KNOWN_STRATEGIES =
      "tightly-pack, distribute-evenly, single-zone, minimal-fragmentation";
  private static final String KNOWN_FIELDS =
      "strategy, shuffleWeight, queue, driverBindTimeout, slotClaimTimeout,"
          + " dynamicAllocationExtras";

  static PolicySet parsed(String yaml) {
    return switch (PolicyParser.parse(yaml)) {
      case ParseResult.Parsed p -> p.policies();
      case ParseResult.Rejected r -> fail("expected a valid document, got %s", r.violations());
    };
  }

  static List<String> violations(String yaml) {
    return switch (PolicyParser.parse(yaml)) {
      case ParseResult.Parsed p -> fail("expected a rejection, got %s", p.policies());
      case ParseResult.Rejected r -> r.violations();
    };
  }

  /** A document whose default sets one field to {@code value} (YAML text). */
  static String defaultWith(String field, String value) {
    return "default:\n  " + field + ": " + value + "\n";
  }

  // ---------------------------------------------------------------- valid documents

  @Test
  void readsEveryFieldOfDefaultAndRules() {
    PolicySet set =
        parsed(
            """
            default:
              strategy: distribute-evenly
              shuffleWeight: 3
              queue: backfill
              driverBindTimeout: 90s
              slotClaimTimeout: 1h30m
              dynamicAllocationExtras: false
            rules:
              - name: etl
                match:
                  namespaces: [etl, etl-staging]
                  labelSelector:
                    matchLabels: {workload: shuffle-heavy}
                    matchExpressions:
                      - {key: team, operator: In, values: [a, b]}
                      - {key: example.com/tier, operator: Exists}
                policy:
                  strategy: single-zone
                  shuffleWeight: 10
                  queue: none
                  driverBindTimeout: 500ms
                  slotClaimTimeout: 2m
                  dynamicAllocationExtras: true
            """);

    PlacementPolicy expectedDefault =
        new PlacementPolicy(
            PackingStrategy.DISTRIBUTE_EVENLY,
            3,
            QueueDiscipline.BACKFILL,
            Duration.ofSeconds(90),
            Duration.ofMinutes(90),
            false);
    PlacementPolicy expectedRule =
        new PlacementPolicy(
            PackingStrategy.SINGLE_ZONE,
            10,
            QueueDiscipline.NONE,
            Duration.ofMillis(500),
            Duration.ofMinutes(2),
            true);
    RuleMatch expectedMatch =
        new RuleMatch(
            java.util.Set.of("etl", "etl-staging"),
            new LabelSelector(
                Map.of("workload", "shuffle-heavy"),
                List.of(
                    new LabelRequirement(
                        "team", LabelRequirement.Operator.IN, java.util.Set.of("a", "b")),
                    new LabelRequirement(
                        "example.com/tier",
                        LabelRequirement.Operator.EXISTS,
                        java.util.Set.of()))));
    assertThat(set)
        .isEqualTo(
            new PolicySet(
                expectedDefault, List.of(new PolicyRule("etl", expectedMatch, expectedRule))));
  }

  @Test
  void minimalDocumentIsTheBuiltInDefault() {
    assertThat(parsed("default: {}")).isEqualTo(PolicySet.BUILT_IN);
    assertThat(parsed("rules: []")).isEqualTo(PolicySet.BUILT_IN);
    assertThat(parsed("default: {}\nrules: []\n")).isEqualTo(PolicySet.BUILT_IN);
  }

  @Test
  void acceptsDocumentMarkersCrLfAndAByteOrderMark() {
    PolicySet expected = parsed("default: {strategy: single-zone}\n");
    assertThat(parsed("---\ndefault: {strategy: single-zone}\n...\n")).isEqualTo(expected);
    assertThat(parsed("default:\r\n  strategy: single-zone\r\n")).isEqualTo(expected);
    assertThat(parsed("\uFEFFdefault: {strategy: single-zone}\n")).isEqualTo(expected);
  }

  @Test
  void defaultInheritsFromBuiltInAndRulesInheritFromDefault() {
    PolicySet set =
        parsed(
            """
            default:
              queue: backfill
              slotClaimTimeout: 3m
            rules:
              - name: heavy
                match: {namespaces: [etl]}
                policy: {shuffleWeight: 10}
              - name: same-as-default
                match: {namespaces: [other]}
                policy: {}
            """);
    PlacementPolicy builtIn = PlacementPolicy.DEFAULT;
    PlacementPolicy expectedDefault =
        new PlacementPolicy(
            builtIn.strategy(),
            builtIn.shuffleWeight(),
            QueueDiscipline.BACKFILL,
            builtIn.driverBindTimeout(),
            Duration.ofMinutes(3),
            builtIn.dynamicExtras());
    assertThat(set.defaultPolicy()).isEqualTo(expectedDefault);
    assertThat(set.rules().get(0).policy())
        .isEqualTo(
            new PlacementPolicy(
                builtIn.strategy(),
                10,
                QueueDiscipline.BACKFILL,
                builtIn.driverBindTimeout(),
                Duration.ofMinutes(3),
                builtIn.dynamicExtras()));
    assertThat(set.rules().get(1).policy()).isEqualTo(expectedDefault);
  }

  static Stream<Arguments> strategies() {
    return Stream.of(
        arguments("tightly-pack", PackingStrategy.TIGHTLY_PACK),
        arguments("distribute-evenly", PackingStrategy.DISTRIBUTE_EVENLY),
        arguments("single-zone", PackingStrategy.SINGLE_ZONE),
        arguments("minimal-fragmentation", PackingStrategy.MINIMAL_FRAGMENTATION),
        arguments("Tightly-Pack", PackingStrategy.TIGHTLY_PACK));
  }

  @ParameterizedTest(name = "strategy {0}")
  @MethodSource("strategies")
  void readsEveryStrategy(String name, PackingStrategy expected) {
    assertThat(parsed(defaultWith("strategy", name)).defaultPolicy().strategy())
        .isEqualTo(expected);
  }

  static Stream<Arguments> queues() {
    return Stream.of(
        arguments("strict-fifo", QueueDiscipline.STRICT_FIFO),
        arguments("backfill", QueueDiscipline.BACKFILL),
        arguments("none", QueueDiscipline.NONE));
  }

  @ParameterizedTest(name = "queue {0}")
  @MethodSource("queues")
  void readsEveryQueueDiscipline(String name, QueueDiscipline expected) {
    assertThat(parsed(defaultWith("queue", name)).defaultPolicy().queue()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "shuffleWeight {0}")
  @MethodSource("shuffleWeights")
  void readsShuffleWeightsAtTheBounds(int weight) {
    assertThat(parsed(defaultWith("shuffleWeight", Integer.toString(weight))).defaultPolicy())
        .extracting(PlacementPolicy::shuffleWeight)
        .isEqualTo(weight);
  }

  static Stream<Integer> shuffleWeights() {
    return Stream.of(0, 1, 9, 10);
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        arguments("500ms", Duration.ofMillis(500)),
        arguments("1ms", Duration.ofMillis(1)),
        arguments("30s", Duration.ofSeconds(30)),
        arguments("5m", Duration.ofMinutes(5)),
        arguments("2h", Duration.ofHours(2)),
        arguments("1h30m", Duration.ofMinutes(90)),
        arguments("1m30s", Duration.ofSeconds(90)),
        arguments("1h2m3s4ms", Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4)),
        arguments("24h", Duration.ofHours(24)),
        arguments("\"90s\"", Duration.ofSeconds(90)),
        arguments("1440m", Duration.ofHours(24)));
  }

  @ParameterizedTest(name = "duration {0}")
  @MethodSource("durations")
  void readsDurations(String text, Duration expected) {
    PlacementPolicy p =
        parsed("default:\n  driverBindTimeout: " + text + "\n  slotClaimTimeout: " + text + "\n")
            .defaultPolicy();
    assertThat(p.driverBindTimeout()).isEqualTo(expected);
    assertThat(p.slotClaimTimeout()).isEqualTo(expected);
  }

  @Test
  void formatReadsBackAsTheSameDuration() {
    for (Duration d :
        List.of(
            Duration.ofMillis(500),
            Duration.ofMinutes(5),
            Duration.ofMinutes(90),
            Duration.ofHours(24),
            Duration.ofHours(1).plusSeconds(1).plusMillis(1))) {
      assertThat(PolicyDuration.parse(PolicyDuration.format(d))).contains(d);
    }
  }

  @ParameterizedTest(name = "dynamicAllocationExtras {0}")
  @MethodSource("booleans")
  void readsBooleans(String text, boolean expected) {
    assertThat(parsed(defaultWith("dynamicAllocationExtras", text)).defaultPolicy().dynamicExtras())
        .isEqualTo(expected);
  }

  static Stream<Arguments> booleans() {
    return Stream.of(arguments("true", true), arguments("false", false));
  }

  // ---------------------------------------------------------------- violations, one at a time

  static Stream<Arguments> singleViolations() {
    return Stream.of(
        // top level and structure
        arguments(
            "unknown top-level field",
            "default: {}\nrule: []\n",
            "rule: unknown field (known: default, rules)"),
        arguments("root is a list", "- a\n- b\n", "must be a mapping, got a list"),
        arguments(
            "root is a scalar", "just text\n", "must be a mapping, got a string \"just text\""),
        arguments("default is a list", "default: [a]\n", "default: must be a mapping, got a list"),
        arguments(
            "default is null", "default:\n", "default: must be a mapping, got an empty value"),
        arguments("rules is a mapping", "rules: {a: 1}\n", "rules: must be a list, got a mapping"),
        arguments("rules is null", "rules:\n", "rules: must be a list, got an empty value"),
        // policy fields
        arguments(
            "unknown policy field",
            defaultWith("shuffleWeigth", "5"),
            "default.shuffleWeigth: unknown field (known: " + KNOWN_FIELDS + ")"),
        arguments(
            "unknown strategy",
            defaultWith("strategy", "tite-pack"),
            "default.strategy: unknown \"tite-pack\" (known: " + KNOWN_STRATEGIES + ")"),
        arguments(
            "strategy is a number",
            defaultWith("strategy", "3"),
            "default.strategy: must be a string, got a number (3) (quote it to mean the text)"),
        arguments(
            "unknown queue",
            defaultWith("queue", "fifo"),
            "default.queue: unknown \"fifo\" (known: strict-fifo, backfill, none)"),
        arguments(
            "queue read as a boolean",
            defaultWith("queue", "no"),
            "default.queue: must be a string, got a boolean (false) (quote it to mean the text)"),
        arguments(
            "shuffleWeight above range",
            defaultWith("shuffleWeight", "11"),
            "default.shuffleWeight: 11 is out of range 0..10"),
        arguments(
            "shuffleWeight below range",
            defaultWith("shuffleWeight", "-1"),
            "default.shuffleWeight: -1 is out of range 0..10"),
        arguments(
            "shuffleWeight beyond long",
            defaultWith("shuffleWeight", "123456789012345678901234567890"),
            "default.shuffleWeight: 123456789012345678901234567890 is out of range 0..10"),
        arguments(
            "shuffleWeight fractional",
            defaultWith("shuffleWeight", "5.5"),
            "default.shuffleWeight: must be a whole number in 0..10, got a number (5.5)"),
        arguments(
            "shuffleWeight quoted",
            defaultWith("shuffleWeight", "\"5\""),
            "default.shuffleWeight: must be a whole number in 0..10, got a string \"5\""),
        arguments(
            "extras as a string",
            defaultWith("dynamicAllocationExtras", "\"true\""),
            "default.dynamicAllocationExtras: must be true or false, got a string \"true\""),
        arguments(
            "extras as a number",
            defaultWith("dynamicAllocationExtras", "1"),
            "default.dynamicAllocationExtras: must be true or false, got a number (1)"),
        // durations
        arguments(
            "zero duration",
            defaultWith("driverBindTimeout", "0s"),
            "default.driverBindTimeout: \"0s\" is zero; must be > 0"),
        arguments(
            "zero duration, two units",
            defaultWith("slotClaimTimeout", "0m0s"),
            "default.slotClaimTimeout: \"0m0s\" is zero; must be > 0"),
        arguments(
            "negative duration",
            defaultWith("driverBindTimeout", "-5m"),
            "default.driverBindTimeout: \"-5m\" is negative; must be > 0"),
        arguments(
            "duration above a day",
            defaultWith("slotClaimTimeout", "25h"),
            "default.slotClaimTimeout: \"25h\" is longer than the maximum 24h"),
        arguments(
            "duration without unit, as a number",
            defaultWith("driverBindTimeout", "300"),
            "default.driverBindTimeout: must be a duration, got a number (300) (use a whole"
                + " number with a unit: 500ms, 30s, 5m, 1h30m)"),
        arguments(
            "duration in words",
            defaultWith("driverBindTimeout", "5 minutes"),
            "default.driverBindTimeout: \"5 minutes\" is not a duration (use a whole number with"
                + " a unit: 500ms, 30s, 5m, 1h30m)"),
        arguments(
            "fractional duration",
            defaultWith("driverBindTimeout", "1.5m"),
            "default.driverBindTimeout: \"1.5m\" is not a duration (use a whole number with a"
                + " unit: 500ms, 30s, 5m, 1h30m)"),
        arguments(
            "ISO-8601 duration",
            defaultWith("driverBindTimeout", "PT5M"),
            "default.driverBindTimeout: \"PT5M\" is not a duration (use a whole number with a"
                + " unit: 500ms, 30s, 5m, 1h30m)"),
        arguments(
            "unit repeated",
            defaultWith("driverBindTimeout", "5m5m"),
            "default.driverBindTimeout: \"5m5m\" is not a duration (use a whole number with a"
                + " unit: 500ms, 30s, 5m, 1h30m)"),
        arguments(
            "units out of order",
            defaultWith("driverBindTimeout", "30s1m"),
            "default.driverBindTimeout: \"30s1m\" is not a duration (use a whole number with a"
                + " unit: 500ms, 30s, 5m, 1h30m)"),
        arguments(
            "empty duration",
            defaultWith("driverBindTimeout", "\"\""),
            "default.driverBindTimeout: \"\" is not a duration (use a whole number with a unit:"
                + " 500ms, 30s, 5m, 1h30m)"),
        arguments(
            "unknown unit",
            defaultWith("driverBindTimeout", "2d"),
            "default.driverBindTimeout: \"2d\" is not a duration (use a whole number with a unit:"
                + " 500ms, 30s, 5m, 1h30m)"),
        // rules
        arguments(
            "rule is not a mapping",
            "rules: [etl]\n",
            "rules[0]: must be a mapping, got a string \"etl\""),
        arguments(
            "rule without name",
            "rules:\n- match: {namespaces: [a]}\n  policy: {}\n",
            "rules[0].name: missing (required)"),
        arguments(
            "rule without match",
            "rules:\n- name: a\n  policy: {}\n",
            "rules[0].match: missing (required)"),
        arguments(
            "rule without policy",
            "rules:\n- name: a\n  match: {namespaces: [a]}\n",
            "rules[0].policy: missing (required)"),
        arguments(
            "rule named default",
            "rules:\n- name: default\n  match: {namespaces: [a]}\n  policy: {}\n",
            "rules[0].name: \"default\" is reserved for the document's default"),
        arguments(
            "rule name with capitals",
            "rules:\n- name: Etl_Rule\n  match: {namespaces: [a]}\n  policy: {}\n",
            "rules[0].name: invalid rule name \"Etl_Rule\": must be 1-63 lower-case letters,"
                + " digits or '-', starting and ending with a letter or digit"),
        arguments(
            "duplicate rule names",
            """
            rules:
            - {name: a, match: {namespaces: [x]}, policy: {}}
            - {name: b, match: {namespaces: [y]}, policy: {}}
            - {name: a, match: {namespaces: [z]}, policy: {}}
            """,
            "rules[2].name: duplicate rule name \"a\" (also rules[0])"),
        arguments(
            "unknown rule field",
            "rules:\n- {name: a, match: {namespaces: [x]}, policy: {}, priority: 1}\n",
            "rules[0].priority: unknown field (known: name, match, policy)"),
        arguments(
            "unknown strategy in a rule",
            "rules:\n- {name: a, match: {namespaces: [x]}, policy: {strategy: tite-pack}}\n",
            "rules[0].policy.strategy: unknown \"tite-pack\" (known: " + KNOWN_STRATEGIES + ")"),
        arguments(
            "match that matches everything",
            "rules:\n- {name: a, match: {}, policy: {}}\n",
            "rules[0].match: must name namespaces, a labelSelector or both (to change every"
                + " application, edit default)"),
        arguments(
            "unknown match field",
            "rules:\n- {name: a, match: {namespace: [x]}, policy: {}}\n",
            "rules[0].match.namespace: unknown field (known: namespaces, labelSelector)"),
        arguments(
            "empty namespaces",
            "rules:\n- {name: a, match: {namespaces: []}, policy: {}}\n",
            "rules[0].match.namespaces: must not be empty (leave it out to match every"
                + " namespace)"),
        arguments(
            "namespaces as a string",
            "rules:\n- {name: a, match: {namespaces: etl}, policy: {}}\n",
            "rules[0].match.namespaces: must be a list, got a string \"etl\""),
        arguments(
            "invalid namespace",
            "rules:\n- {name: a, match: {namespaces: [ok, Not_OK]}, policy: {}}\n",
            "rules[0].match.namespaces[1]: invalid namespace \"Not_OK\": must be 1-63 lower-case"
                + " letters, digits or '-', starting and ending with a letter or digit"),
        // label selectors
        arguments(
            "unknown selector field",
            "rules:\n- {name: a, match: {labelSelector: {matchLabel: {a: b}}}, policy: {}}\n",
            "rules[0].match.labelSelector.matchLabel: unknown field (known: matchLabels,"
                + " matchExpressions)"),
        arguments(
            "matchLabels as a list",
            "rules:\n- {name: a, match: {labelSelector: {matchLabels: [a]}}, policy: {}}\n",
            "rules[0].match.labelSelector.matchLabels: must be a mapping of label keys to values,"
                + " got a list"),
        arguments(
            "label value read as a number",
            "rules:\n- {name: a, match: {labelSelector: {matchLabels: {tier: 1}}}, policy: {}}\n",
            "rules[0].match.labelSelector.matchLabels.tier: must be a string, got a number (1)"
                + " (quote it to mean the text)"),
        arguments(
            "invalid label key",
            "rules:\n- {name: a, match: {labelSelector: {matchLabels: {-tier: x}}}, policy: {}}\n",
            "rules[0].match.labelSelector.matchLabels.-tier: invalid label key \"-tier\": name"
                + " must be 1-63 characters: letters, digits, '-', '_' or '.', starting and"
                + " ending with a letter or digit"),
        arguments(
            "invalid label key prefix",
            "rules:\n- {name: a, match: {labelSelector: {matchLabels: {Example.COM/tier: x}}},"
                + " policy: {}}\n",
            "rules[0].match.labelSelector.matchLabels[\"Example.COM/tier\"]: invalid label key"
                + " \"Example.COM/tier\": prefix must be a DNS subdomain (e.g. example.com) of at"
                + " most 253 chars"),
        arguments(
            "invalid label value",
            "rules:\n- {name: a, match: {labelSelector: {matchLabels: {tier: \"a b\"}}}, policy:"
                + " {}}\n",
            "rules[0].match.labelSelector.matchLabels.tier: invalid label value \"a b\": must be"
                + " empty or 1-63 characters: letters, digits, '-', '_' or '.', starting and"
                + " ending with a letter or digit"),
        arguments(
            "matchExpressions as a mapping",
            "rules:\n- {name: a, match: {labelSelector: {matchExpressions: {key: a}}}, policy:"
                + " {}}\n",
            "rules[0].match.labelSelector.matchExpressions: must be a list, got a mapping"),
        arguments(
            "expression without key",
            expression("{operator: Exists}"),
            "rules[0].match.labelSelector.matchExpressions[0].key: missing (required)"),
        arguments(
            "expression without operator",
            expression("{key: team}"),
            "rules[0].match.labelSelector.matchExpressions[0].operator: missing (required)"),
        arguments(
            "operator in lower case",
            expression("{key: team, operator: in, values: [a]}"),
            "rules[0].match.labelSelector.matchExpressions[0].operator: unknown \"in\" (known:"
                + " In, NotIn, Exists, DoesNotExist)"),
        arguments(
            "node-only operator",
            expression("{key: team, operator: Gt, values: [\"1\"]}"),
            "rules[0].match.labelSelector.matchExpressions[0].operator: unknown \"Gt\" (known:"
                + " In, NotIn, Exists, DoesNotExist)"),
        arguments(
            "In without values",
            expression("{key: team, operator: In}"),
            "rules[0].match.labelSelector.matchExpressions[0].values: missing (required for In)"),
        arguments(
            "NotIn with empty values",
            expression("{key: team, operator: NotIn, values: []}"),
            "rules[0].match.labelSelector.matchExpressions[0].values: must not be empty for"
                + " NotIn"),
        arguments(
            "Exists with values",
            expression("{key: team, operator: Exists, values: [a]}"),
            "rules[0].match.labelSelector.matchExpressions[0].values: must be empty for Exists"),
        arguments(
            "DoesNotExist with values",
            expression("{key: team, operator: DoesNotExist, values: [a]}"),
            "rules[0].match.labelSelector.matchExpressions[0].values: must be empty for"
                + " DoesNotExist"),
        arguments(
            "values as a string",
            expression("{key: team, operator: In, values: a}"),
            "rules[0].match.labelSelector.matchExpressions[0].values: must be a list, got a"
                + " string \"a\""),
        arguments(
            "value read as a boolean",
            expression("{key: team, operator: In, values: [yes]}"),
            "rules[0].match.labelSelector.matchExpressions[0].values[0]: must be a string, got a"
                + " boolean (true) (quote it to mean the text)"),
        arguments(
            "unknown expression field",
            expression("{key: team, operator: Exists, value: a}"),
            "rules[0].match.labelSelector.matchExpressions[0].value: unknown field (known: key,"
                + " operator, values)"),
        // YAML itself
        arguments(
            "empty document",
            "",
            "document is empty; write at least \"default: {}\" to use the built-in default"),
        arguments(
            "only comments",
            "# nothing here\n",
            "document is empty; write at least \"default: {}\" to use the built-in default"),
        arguments(
            "duplicate key",
            "default:\n  strategy: tightly-pack\n  strategy: single-zone\n",
            "default.strategy: duplicate key"),
        arguments(
            "alias",
            "default: &d {shuffleWeight: 3}\nrules:\n- {name: a, match: {namespaces: [x]}, policy:"
                + " *d}\n",
            "rules[0].policy: YAML aliases (*name) are not supported; write the value out"),
        arguments(
            "two documents",
            "default: {}\n---\ndefault: {strategy: single-zone}\n",
            "only one YAML document is allowed; found another after \"---\""),
        arguments(
            "syntax error",
            "default:\n  strategy: [tightly-pack\n",
            "not readable as YAML: expected ',' or ']', but got <stream end> (line 3, column 1)"),
        arguments(
            "tab indentation",
            "default:\n\tstrategy: tightly-pack\n",
            "not readable as YAML: found character '\\t(TAB)' that cannot start any token. (Do"
                + " not use \\t(TAB) for indentation) (line 2, column 1)"),
        arguments(
            "binary value",
            defaultWith("strategy", "!!binary aGVsbG8="),
            "default.strategy: unsupported YAML value (VALUE_EMBEDDED_OBJECT)"));
  }

  static String expression(String flowMapping) {
    return "rules:\n- name: a\n  match:\n    labelSelector:\n      matchExpressions: ["
        + flowMapping
        + "]\n  policy: {}\n";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleViolations")
  void rejectsWithOnePathQualifiedViolation(String name, String yaml, String expected) {
    assertThat(violations(yaml)).containsExactly(expected);
  }

  // ---------------------------------------------------------------- many violations at once

  @Test
  void reportsEveryViolationTogetherInDocumentOrder() {
    List<String> found =
        violations(
            """
            default:
              strategy: tite-pack
              shuffleWeight: 12
              driverBindTimeout: 0s
            rules:
              - name: etl
                match:
                  namespaces: [etl]
                  labelSelector:
                    matchExpressions:
                      - {key: team, operator: In}
                policy: {queue: fifo, colour: blue}
              - name: etl
                match: {namespaces: [x]}
                policy: {}
            extra: 1
            """);
    assertThat(found)
        .containsExactly(
            "extra: unknown field (known: default, rules)",
            "default.strategy: unknown \"tite-pack\" (known: " + KNOWN_STRATEGIES + ")",
            "default.shuffleWeight: 12 is out of range 0..10",
            "default.driverBindTimeout: \"0s\" is zero; must be > 0",
            "rules[0].match.labelSelector.matchExpressions[0].values: missing (required for In)",
            "rules[0].policy.colour: unknown field (known: " + KNOWN_FIELDS + ")",
            "rules[0].policy.queue: unknown \"fifo\" (known: strict-fifo, backfill, none)");
  }

  @Test
  void capsTheListAndCountsTheRest() {
    StringBuilder yaml = new StringBuilder("rules:\n");
    for (int i = 0; i < 80; i++) {
      yaml.append("- {name: r")
          .append(i)
          .append(", match: {namespaces: [x]}, policy: {shuffleWeight: 99}}\n");
    }
    List<String> found = violations(yaml.toString());
    assertThat(found).hasSize(Violations.MAX_REPORTED + 1);
    assertThat(found.get(0)).isEqualTo("rules[0].policy.shuffleWeight: 99 is out of range 0..10");
    assertThat(found.get(Violations.MAX_REPORTED)).isEqualTo("... and 30 more violations");
  }

  @Test
  void rejectsNumbersYamlCannotRead() {
    assertThat(violations(defaultWith("shuffleWeight", ".inf")))
        .singleElement()
        .asString()
        .startsWith("default.shuffleWeight: not a valid number: ");
  }

  @Test
  void nullDocumentIsRejected() {
    assertThat(violations(null)).containsExactly("document is missing");
  }

  // ---------------------------------------------------------------- hostile input

  @Test
  void rejectsOversizedDocumentsBeforeParsing() {
    String yaml = "default: {}\n# " + "x".repeat(YamlTree.MAX_CHARS) + "\n";
    assertThat(violations(yaml))
        .containsExactly(
            "document is "
                + yaml.length()
                + " characters long; the limit is "
                + YamlTree.MAX_CHARS);
  }

  @Test
  void rejectsDeepNesting() {
    String yaml = "default: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
    assertThat(violations(yaml))
        .containsExactly("default" + "[0]".repeat(15) + ": nested deeper than 16 levels");
  }

  @Test
  void rejectsDeepBlockNesting() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    assertThat(violations(yaml.toString()))
        .containsExactly(
            "k0.k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12.k13.k14.k15: nested deeper than 16 levels");
  }

  @Test
  void billionLaughsIsRejectedWithoutExpansion() {
    StringBuilder yaml =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      String p = "*a" + (i - 1);
      yaml.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, p)))
          .append("]\n");
    }
    // Jackson reports each *alias as a string instead of expanding it; each one is rejected.
    List<String> found = violations(yaml.toString());
    assertThat(found)
        .hasSize(Violations.MAX_REPORTED + 1)
        .startsWith("a1[0]: YAML aliases (*name) are not supported; write the value out")
        .endsWith("... and 41 more violations");
  }

  @Test
  void escapesControlCharactersAndShortensEchoedText() {
    String longName = "x".repeat(500);
    List<String> found = violations(defaultWith("strategy", "\"" + longName + "\\u0007\""));
    assertThat(found)
        .singleElement()
        .asString()
        .startsWith("default.strategy: unknown \"" + "x".repeat(64) + "...\"")
        .hasSizeLessThan(300);
    assertThat(violations(defaultWith("queue", "\"a\\u0007b\"")))
        .containsExactly(
            "default.queue: unknown \"a\\u0007b\" (known: strict-fifo, backfill, none)");
  }

  // ---------------------------------------------------------------- rule matching

  private static final PolicySet MATCHING =
      parsed(
          """
          default: {shuffleWeight: 1}
          rules:
            - name: etl-heavy
              match:
                namespaces: [etl]
                labelSelector: {matchLabels: {workload: shuffle-heavy}}
              policy: {shuffleWeight: 10}
            - name: etl-any
              match: {namespaces: [etl, etl-staging]}
              policy: {shuffleWeight: 9}
            - name: team-in
              match:
                labelSelector:
                  matchExpressions: [{key: team, operator: In, values: [a, b]}]
              policy: {shuffleWeight: 8}
            - name: tier-notin
              match:
                labelSelector:
                  matchExpressions: [{key: example.com/tier, operator: NotIn, values: [gold]}]
              policy: {shuffleWeight: 7}
            - name: gpu-exists
              match:
                namespaces: [ml]
                labelSelector:
                  matchExpressions: [{key: gpu, operator: Exists}]
              policy: {shuffleWeight: 6}
            - name: no-owner
              match:
                namespaces: [ml]
                labelSelector:
                  matchExpressions: [{key: owner, operator: DoesNotExist}]
              policy: {shuffleWeight: 5}
            - name: everything-in-ml-selected
              match:
                namespaces: [ml]
                labelSelector: {}
              policy: {shuffleWeight: 4}
          """);

  static Stream<Arguments> matchingCases() {
    return Stream.of(
        arguments("etl", Map.of("workload", "shuffle-heavy"), "etl-heavy"),
        arguments("etl", Map.of("workload", "light"), "etl-any"),
        arguments("etl-staging", Map.of("workload", "shuffle-heavy"), "etl-any"),
        arguments("etl", Map.of(), "etl-any"),
        // In
        arguments("web", Map.of("team", "a"), "team-in"),
        arguments("web", Map.of("team", "b", "example.com/tier", "gold"), "team-in"),
        // NotIn: absent label or another value
        arguments("web", Map.of("team", "c"), "tier-notin"),
        arguments("web", Map.of("example.com/tier", "silver"), "tier-notin"),
        arguments("web", Map.of("example.com/tier", "gold"), "default"),
        // Exists
        arguments("ml", Map.of("gpu", "", "example.com/tier", "gold"), "gpu-exists"),
        // DoesNotExist
        arguments("ml", Map.of("example.com/tier", "gold"), "no-owner"),
        arguments(
            "ml", Map.of("owner", "x", "example.com/tier", "gold"), "everything-in-ml-selected"),
        arguments("other", Map.of("owner", "x", "example.com/tier", "gold"), "default"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("matchingCases")
  void firstMatchingRuleWins(String namespace, Map<String, String> labels, String expectedRule) {
    ResolvedPolicy resolved = MATCHING.policyFor(namespace, labels);
    assertThat(resolved.ruleName()).isEqualTo(expectedRule);
    PolicyRule rule =
        MATCHING.rules().stream()
            .filter(r -> r.name().equals(expectedRule))
            .findFirst()
            .orElse(null);
    assertThat(resolved.policy())
        .isEqualTo(rule == null ? MATCHING.defaultPolicy() : rule.policy());
    assertThat(resolved.fromDefault()).isEqualTo(rule == null);
  }

  @Test
  void nullLabelsAreNoLabels() {
    // tier-notin matches a driver without the tier label.
    assertThat(MATCHING.policyFor("web", null).ruleName()).isEqualTo("tier-notin");
  }

  @Test
  void withoutRulesEveryDriverGetsTheDefault() {
    PolicySet set = parsed("default: {strategy: single-zone}\n");
    ResolvedPolicy resolved = set.policyFor("any", Map.of("a", "b"));
    assertThat(resolved.ruleName()).isEqualTo(PolicySet.DEFAULT_RULE_NAME);
    assertThat(resolved.policy().strategy()).isEqualTo(PackingStrategy.SINGLE_ZONE);
  }
}
