package io.muster.extender.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A policy ConfigMap from any text (coverage-guided; {@code PolicyParserFuzzTest} is the jqwik
 * counterpart): {@link PolicyParser#parse} answers {@code Parsed} or {@code Rejected}, never
 * throws, never reaches its catch-all for unexpected exceptions (which would mean a parser bug),
 * answers the same for the same text, and writes each violation on one clean line. A parsed set
 * resolves a policy for any pod. Seeds: the files under {@code policies/} and a few rejections.
 */
class PolicyDocumentFuzzTest {
  /** How {@link PolicyParser} words the exception it caught instead of letting it escape. */
  private static final String CAUGHT_BUG = "could not be read (";

  @FuzzTest
  @DictionaryEntries({
    "default:",
    "rules:",
    "- name: ",
    "match:",
    "namespaces: [",
    "labelSelector:",
    "matchLabels:",
    "matchExpressions:",
    "operator: In",
    "operator: NotIn",
    "operator: Exists",
    "operator: DoesNotExist",
    "values: [",
    "policy:",
    "strategy: ",
    "tightly-pack",
    "distribute-evenly",
    "single-zone",
    "minimal-fragmentation",
    "shuffleWeight: ",
    "queue: ",
    "strict-fifo",
    "none",
    "driverBindTimeout: ",
    "slotClaimTimeout: ",
    "dynamicAllocationExtras: ",
    "1h30m",
    "&a ",
    "*a",
    "!!binary ",
    "---",
    "<<: "
  })
  void parse(byte[] input) {
    String yaml = new String(input, StandardCharsets.UTF_8);
    ParseResult result = PolicyParser.parse(yaml);
    assertThat(PolicyParser.parse(yaml)).isEqualTo(result);
    switch (result) {
      case ParseResult.Parsed parsed -> {
        PolicySet set = parsed.policies();
        assertThat(set.policyFor("spark", Map.of())).isNotNull();
        assertThat(set.policyFor("etl", Map.of("workload", "shuffle-heavy", "team", "a")))
            .isNotNull();
      }
      case ParseResult.Rejected rejected -> {
        assertThat(rejected.violations())
            .isNotEmpty()
            .hasSizeLessThanOrEqualTo(Violations.MAX_REPORTED + 1);
        for (String violation : rejected.violations()) {
          assertThat(violation).doesNotContain(CAUGHT_BUG);
          assertThat(violation.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
              .as("one clean line: %s", violation)
              .isTrue();
        }
      }
    }
  }
}
