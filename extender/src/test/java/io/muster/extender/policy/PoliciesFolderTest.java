package io.muster.extender.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example in the top-level {@code policies/} folder parses, and its README stays true. */
class PoliciesFolderTest {
  /** Surefire runs in the module directory and sets {@code basedir}; the folder is beside it. */
  static final Path FOLDER =
      Path.of(System.getProperty("basedir", ".")).resolve("../policies").normalize();

  static Stream<Path> policyFiles() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      List<Path> yaml =
          files.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
      assertThat(yaml).as("YAML files in %s", FOLDER).isNotEmpty();
      return yaml.stream();
    }
  }

  static PolicySet parse(Path file) {
    try {
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      return switch (PolicyParser.parse(yaml)) {
        case ParseResult.Parsed p -> p.policies();
        case ParseResult.Rejected r ->
            fail("%s is invalid:%n  %s", file, String.join("\n  ", r.violations()));
      };
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policyFiles")
  void everyFileParsesWithoutViolations(Path file) {
    assertThat(parse(file)).isNotNull();
  }

  @Test
  void theDocumentedExamplesAreAllThere() {
    for (String name :
        List.of(
            "default.yaml",
            "shuffle-heavy.yaml",
            "spread.yaml",
            "single-zone.yaml",
            "strict-fifo.yaml",
            "README.md")) {
      assertThat(FOLDER.resolve(name)).as(name).isRegularFile();
    }
  }

  /** Deleting the ConfigMap reverts to the built-in default: it must be what the chart ships. */
  @Test
  void defaultFileIsTheBuiltInDefault() {
    assertThat(parse(FOLDER.resolve("default.yaml"))).isEqualTo(PolicySet.BUILT_IN);
  }

  @Test
  void shuffleHeavyGivesEtlShuffleJobsTheStrongestLocality() {
    PolicySet set = parse(FOLDER.resolve("shuffle-heavy.yaml"));
    ResolvedPolicy etl = set.policyFor("etl", Map.of("workload", "shuffle-heavy"));
    assertThat(etl.ruleName()).isEqualTo("etl-shuffle-heavy");
    assertThat(etl.policy().shuffleWeight()).isEqualTo(10);
    assertThat(etl.policy().strategy()).isEqualTo(PackingStrategy.TIGHTLY_PACK);
    assertThat(set.policyFor("web", Map.of("workload", "streaming")).policy().strategy())
        .isEqualTo(PackingStrategy.DISTRIBUTE_EVENLY);
    assertThat(set.policyFor("notebooks", Map.of()).policy().queue())
        .isEqualTo(QueueDiscipline.NONE);
    assertThat(set.policyFor("notebooks", Map.of("team", "x")).fromDefault()).isTrue();
  }

  @Test
  void spreadPacksOnlyDriversThatAskForIt() {
    PolicySet set = parse(FOLDER.resolve("spread.yaml"));
    assertThat(set.defaultPolicy().strategy()).isEqualTo(PackingStrategy.DISTRIBUTE_EVENLY);
    assertThat(set.policyFor("a", Map.of("example.com/pack", "yes")).ruleName())
        .isEqualTo("explicit-packing");
    assertThat(set.policyFor("a", Map.of("example.com/pack", "false")).fromDefault()).isTrue();
    assertThat(set.policyFor("a", Map.of()).fromDefault()).isTrue();
  }

  @Test
  void singleZoneAndStrictFifoSetWhatTheirNamesSay() {
    PlacementPolicy zone = parse(FOLDER.resolve("single-zone.yaml")).defaultPolicy();
    assertThat(zone.strategy()).isEqualTo(PackingStrategy.SINGLE_ZONE);
    PolicySet fifo = parse(FOLDER.resolve("strict-fifo.yaml"));
    assertThat(fifo.defaultPolicy().queue()).isEqualTo(QueueDiscipline.STRICT_FIFO);
    assertThat(fifo.rules())
        .allSatisfy(r -> assertThat(r.policy().queue()).isEqualTo(QueueDiscipline.STRICT_FIFO));
  }

  /** The README documents every field, name and operator the parser knows. */
  @Test
  void readmeDocumentsEveryFieldAndName() throws IOException {
    String readme = Files.readString(FOLDER.resolve("README.md"), StandardCharsets.UTF_8);
    Stream.of(
            PolicyFields.KNOWN.stream(),
            Arrays.stream(PackingStrategy.values()).map(PackingStrategy::wireName),
            Arrays.stream(QueueDiscipline.values()).map(QueueDiscipline::wireName),
            Arrays.stream(LabelRequirement.Operator.values())
                .map(LabelRequirement.Operator::wireName),
            Stream.of(
                "namespaces",
                "labelSelector",
                "matchLabels",
                "matchExpressions",
                PolicyLoader.CONFIG_MAP_NAME,
                PolicyLoader.DATA_KEY))
        .flatMap(s -> s)
        .forEach(
            name -> assertThat(readme).as("README mentions %s", name).contains("`" + name + "`"));
  }
}
