package io.muster.extender.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the text, the parser answers with a value, never an exception. */
class PolicyParserFuzzTest {
  private static final String VALID =
      """
      default:
        strategy: tightly-pack
        shuffleWeight: 5
        queue: strict-fifo
        driverBindTimeout: 5m
        slotClaimTimeout: 10m
        dynamicAllocationExtras: true
      rules:
        - name: etl
          match:
            namespaces: [etl]
            labelSelector:
              matchLabels: {workload: shuffle-heavy}
              matchExpressions:
                - {key: team, operator: In, values: [a, b]}
          policy: {shuffleWeight: 10}
      """;

  @Property(tries = 500)
  void arbitraryTextGetsAnAnswer(@ForAll("yamlish") String text) {
    assertAnswered(PolicyParser.parse(text));
  }

  @Property(tries = 500)
  void mutatedValidDocumentGetsAnAnswer(@ForAll("mutations") String text) {
    assertAnswered(PolicyParser.parse(text));
  }

  private static void assertAnswered(ParseResult result) {
    assertThat(result).isNotNull();
    if (result instanceof ParseResult.Rejected rejected) {
      List<String> violations = rejected.violations();
      assertThat(violations).isNotEmpty().hasSizeLessThanOrEqualTo(Violations.MAX_REPORTED + 1);
      assertThat(violations).allSatisfy(v -> assertThat(v).doesNotContain("\n"));
    }
  }

  @Provide
  Arbitrary<String> yamlish() {
    return Arbitraries.strings()
        .withChars("abcdefgz019-_: \n\t[]{},&*!|>'\"#%@`?-.~")
        .withCharRange('\u0000', '\u001f')
        .withChars("\u00e9\u4e2d\ud83d\ude00")
        .ofMaxLength(300);
  }

  @Provide
  Arbitrary<String> mutations() {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length() - 1);
    Arbitrary<String> insert =
        Arbitraries.strings().withChars(" \n\t:[]{}-&*!,'\"#x0").ofMinLength(0).ofMaxLength(4);
    Arbitrary<Integer> cut = Arbitraries.integers().between(0, 6);
    return Combinators.combine(position, insert, cut)
        .as(
            (at, text, length) ->
                VALID.substring(0, at)
                    + text
                    + VALID.substring(Math.min(VALID.length(), at + length)));
  }
}
