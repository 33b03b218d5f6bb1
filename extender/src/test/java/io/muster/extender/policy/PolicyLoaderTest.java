package io.muster.extender.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.muster.extender.policy.ReloadResult.Applied;
import io.muster.extender.policy.ReloadResult.Rejected;
import io.muster.extender.policy.ReloadResult.Source;
import io.muster.placement.policy.PackingStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PolicyLoaderTest {
  private static final String GOOD =
      """
      default: {strategy: single-zone}
      rules:
        - {name: etl, match: {namespaces: [etl]}, policy: {shuffleWeight: 10}}
      """;
  private static final String OTHER_GOOD = "default: {strategy: distribute-evenly}\n";
  private static final String BAD = "default: {strategy: tite-pack, shuffleWeight: 11}\n";

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final List<ReloadResult> heard = new ArrayList<>();
  private final PolicyLoader loader = new PolicyLoader(clock, heard::add);

  private final Logger log = (Logger) LoggerFactory.getLogger(PolicyLoader.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    log.detachAppender(logged);
  }

  @Test
  void beforeAnyConfigMapNothingIsLoadedAndTheBuiltInDefaultAnswers() {
    assertThat(loader.loaded()).isFalse();
    assertThat(loader.lastResult()).isEmpty();
    assertThat(loader.current()).isEqualTo(PolicySet.BUILT_IN);
    assertThat(heard).isEmpty();
  }

  @Test
  void goodThenBadKeepsGoodThenGoodApplies() {
    ReloadResult first = loader.onConfigMap(Optional.of(GOOD));
    assertThat(first).isInstanceOf(Applied.class);
    assertThat(loader.loaded()).isTrue();
    assertThat(loader.policyFor("etl", Map.of()).policy().shuffleWeight()).isEqualTo(10);
    PolicySet good = loader.current();

    clock.advance(Duration.ofMinutes(1));
    ReloadResult second = loader.onConfigMap(Optional.of(BAD));
    assertThat(second)
        .isEqualTo(
            new Rejected(
                Instant.parse("2025-01-01T00:01:00Z"),
                List.of(
                    "default.strategy: unknown \"tite-pack\" (known: tightly-pack,"
                        + " distribute-evenly, single-zone, minimal-fragmentation)",
                    "default.shuffleWeight: 11 is out of range 0..10"),
                Source.CONFIG_MAP));
    assertThat(loader.current()).isSameAs(good);
    assertThat(loader.lastResult()).contains(second);
    assertThat(loader.loaded()).isTrue();

    clock.advance(Duration.ofMinutes(1));
    ReloadResult third = loader.onConfigMap(Optional.of(OTHER_GOOD));
    assertThat(third).isInstanceOf(Applied.class);
    assertThat(third.at()).isEqualTo(Instant.parse("2025-01-01T00:02:00Z"));
    assertThat(loader.current().defaultPolicy().strategy())
        .isEqualTo(PackingStrategy.DISTRIBUTE_EVENLY);
    assertThat(loader.current().rules()).isEmpty();

    assertThat(heard).containsExactly(first, second, third);
    assertThat(heard)
        .extracting(r -> r.outcome().tag())
        .containsExactly("applied", "rejected", "applied");
  }

  @Test
  void rejectionIsLoggedOnceAtWarnWithEveryViolation() {
    loader.onConfigMap(Optional.of(GOOD));
    loader.onConfigMap(Optional.of(BAD));

    List<ILoggingEvent> warnings =
        logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage())
        .isEqualTo(
            "policy rejected: 2 violation(s); keeping the last good ConfigMap policy:"
                + " default.strategy: unknown \"tite-pack\" (known: tightly-pack,"
                + " distribute-evenly, single-zone, minimal-fragmentation);"
                + " default.shuffleWeight: 11 is out of range 0..10");
  }

  @Test
  void appliedPolicyIsLoggedAtInfo() {
    loader.onConfigMap(Optional.of(GOOD));
    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.INFO)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "policy applied source=config-map default=single-zone/5/strict-fifo/5m/10m/extras"
                + " rules=[etl=single-zone/10/strict-fifo/5m/10m/extras]");
  }

  @Test
  void deletedConfigMapRevertsToTheBuiltInDefault() {
    loader.onConfigMap(Optional.of(GOOD));
    ReloadResult deleted = loader.onConfigMap(Optional.empty());

    assertThat(deleted)
        .isEqualTo(new Applied(clock.instant(), Source.BUILT_IN_DEFAULT, PolicySet.BUILT_IN));
    assertThat(loader.current()).isEqualTo(PolicySet.BUILT_IN);
    assertThat(heard).hasSize(2).last().isEqualTo(deleted);
  }

  @Test
  void noConfigMapAfterSyncLoadsTheBuiltInDefault() {
    loader.onConfigMap(Optional.empty());
    assertThat(loader.loaded()).isTrue();
    assertThat(loader.current()).isEqualTo(PolicySet.BUILT_IN);
    assertThat(heard).singleElement().isInstanceOf(Applied.class);
  }

  @Test
  void brokenConfigMapAtStartUpLoadsTheBuiltInDefaultAndReportsTheRejection() {
    ReloadResult result = loader.onConfigMap(Optional.of(BAD));

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class, r -> assertThat(r.inForce()).isEqualTo(Source.BUILT_IN_DEFAULT));
    assertThat(loader.loaded()).isTrue();
    assertThat(loader.current()).isEqualTo(PolicySet.BUILT_IN);
    assertThat(heard).containsExactly(result);
    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .startsWith("policy rejected: 2 violation(s); keeping the built-in default policy: ");
  }

  @Test
  void sameContentAgainIsANoOp() {
    ReloadResult applied = loader.onConfigMap(Optional.of(GOOD));
    clock.advance(Duration.ofSeconds(30));
    assertThat(loader.onConfigMap(Optional.of(GOOD))).isSameAs(applied);

    ReloadResult rejected = loader.onConfigMap(Optional.of(BAD));
    assertThat(loader.onConfigMap(Optional.of(BAD))).isSameAs(rejected);

    ReloadResult deleted = loader.onConfigMap(Optional.empty());
    assertThat(loader.onConfigMap(Optional.empty())).isSameAs(deleted);

    assertThat(heard).containsExactly(applied, rejected, deleted);
    assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
  }

  @Test
  void goodContentAgainAfterABadEditIsAppliedAgain() {
    loader.onConfigMap(Optional.of(GOOD));
    loader.onConfigMap(Optional.of(BAD));
    ReloadResult again = loader.onConfigMap(Optional.of(GOOD));
    assertThat(again).isInstanceOf(Applied.class);
    assertThat(loader.lastResult()).contains(again);
    assertThat(heard).hasSize(3);
  }

  @Test
  void dataWithoutThePolicyKeyIsRejected() {
    loader.onConfigMapData(Optional.of(Map.of(PolicyLoader.DATA_KEY, GOOD)));
    PolicySet good = loader.current();

    ReloadResult result = loader.onConfigMapData(Optional.of(Map.of("policy.yaml", GOOD)));

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            r ->
                assertThat(r.violations())
                    .containsExactly(
                        "data: ConfigMap muster-policies has no key \"policies.yaml\" (keys:"
                            + " \"policy.yaml\")"));
    assertThat(loader.current()).isSameAs(good);
    assertThat(loader.onConfigMapData(Optional.of(Map.of())))
        .isInstanceOfSatisfying(
            Rejected.class,
            r ->
                assertThat(r.violations()).singleElement().asString().endsWith("(it has no keys)"));
  }

  @Test
  void dataMapPicksThePolicyKeyAndEmptyMeansDeleted() {
    loader.onConfigMapData(Optional.of(Map.of(PolicyLoader.DATA_KEY, GOOD, "README", "x")));
    assertThat(loader.current().defaultPolicy().strategy()).isEqualTo(PackingStrategy.SINGLE_ZONE);
    loader.onConfigMapData(Optional.empty());
    assertThat(loader.current()).isEqualTo(PolicySet.BUILT_IN);
  }

  @Test
  void oversizedContentIsRejectedLikeAnyBrokenEdit() {
    loader.onConfigMap(Optional.of(GOOD));
    PolicySet good = loader.current();
    String huge = "#".repeat(YamlTree.MAX_CHARS + 1);

    ReloadResult result = loader.onConfigMap(Optional.of(huge));

    assertThat(result)
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> assertThat(r.violations()).containsExactly(YamlTree.tooLarge(huge.length())));
    assertThat(loader.current()).isSameAs(good);
    assertThat(loader.onConfigMap(Optional.of(huge))).isSameAs(result);
  }

  @Test
  void aFailingListenerDoesNotUndoTheReload() {
    PolicyLoader throwing =
        new PolicyLoader(
            clock,
            r -> {
              throw new IllegalStateException("event sink down");
            });
    ReloadResult result = throwing.onConfigMap(Optional.of(GOOD));
    assertThat(result).isInstanceOf(Applied.class);
    assertThat(throwing.current().defaultPolicy().strategy())
        .isEqualTo(PackingStrategy.SINGLE_ZONE);
    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.ERROR)
        .singleElement()
        .satisfies(
            e -> assertThat(e.getThrowableProxy().getMessage()).isEqualTo("event sink down"));
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
