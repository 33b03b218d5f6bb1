package io.muster.loadtest.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator against the trivial extenders on 127.0.0.1, both node-cache modes. */
class LoadGeneratorIT {
  private static LoadProfile small(String url, boolean nodeCache, boolean bind) {
    return new LoadProfile(
        url,
        12,
        3,
        LoadProfile.NODE,
        3,
        4,
        LoadProfile.DRIVER,
        LoadProfile.EXECUTOR,
        nodeCache,
        bind,
        0,
        1000,
        Duration.ofSeconds(60));
  }

  @Test
  void passThroughBindsEveryPodAndIsAskedToPrioritizeEach() throws Exception {
    for (boolean nodeCache : new boolean[] {true, false}) {
      try (TrivialExtender e = TrivialExtender.start(TrivialExtender.Mode.PASS_THROUGH, 0)) {
        LoadGenerator.Report r = new LoadGenerator(small(e.url(), nodeCache, true)).run();

        assertThat(r.pods()).as("nodeCache=%s", nodeCache).isEqualTo(15);
        assertThat(r.bound()).isEqualTo(15);
        assertThat(r.errors()).isZero();
        assertThat(r.filter().count()).isEqualTo(15);
        assertThat(r.prioritize().count()).isEqualTo(15);
        assertThat(r.bind().count()).isEqualTo(15);
      }
    }
  }

  @Test
  void oneNodeFilterSkipsPrioritize() throws Exception {
    for (boolean nodeCache : new boolean[] {true, false}) {
      try (TrivialExtender e = TrivialExtender.start(TrivialExtender.Mode.ONE_NODE, 0)) {
        LoadGenerator.Report r = new LoadGenerator(small(e.url(), nodeCache, false)).run();

        assertThat(r.bound()).as("nodeCache=%s", nodeCache).isEqualTo(15);
        assertThat(r.prioritize().count()).isZero();
        assertThat(r.bind().count()).isZero();
      }
    }
  }

  @Test
  void theFilterRateProbeRepeatsCheckedExecutorFiltersAtEachLevelWithinItsBounds()
      throws Exception {
    try (TrivialExtender e = TrivialExtender.start(TrivialExtender.Mode.ONE_NODE, 0)) {
      LoadGenerator generator = new LoadGenerator(small(e.url(), true, false));
      generator.run();

      List<FilterRate.Level> levels =
          generator.filterRate(new int[] {1, 2}, Duration.ofSeconds(2), 300);

      assertThat(levels).extracting(FilterRate.Level::callers).containsExactly(1, 2);
      for (FilterRate.Level l : levels) {
        assertThat(l.calls()).isBetween(1L, 300L);
        assertThat(l.errors()).isZero();
        assertThat(l.seconds()).isLessThan(10);
        assertThat(l.p99Ms()).isGreaterThanOrEqualTo(l.p50Ms()).isPositive();
      }
    }
  }

  @Test
  void filterAnswersAreCheckedForErrorsAndForTheExpectedNode() {
    String kept = "{\"NodeNames\": [\"node-00007\"], \"FailedNodes\": {}, \"Error\": \"\"}";

    assertThat(FilterRate.keepsOnly(kept, "node-00007")).isTrue();
    assertThat(FilterRate.keepsOnly(kept, "node-00008")).isFalse();
    assertThat(
            FilterRate.keepsOnly(
                "{\"NodeNames\":[\"node-00007\"],\"Error\":\"no view\"}", "node-00007"))
        .isFalse();
    assertThat(FilterRate.keepsOnly("{\"NodeNames\":[\"node-00007\",\"node-1\"]}", "node-00007"))
        .isFalse();
  }

  @Test
  void aDeadExtenderCountsErrorsAndStopsWithinItsBounds() throws Exception {
    int port;
    try (TrivialExtender e = TrivialExtender.start(TrivialExtender.Mode.PASS_THROUGH, 0)) {
      port = e.port();
    }

    LoadGenerator.Report r =
        new LoadGenerator(small("http://127.0.0.1:" + port, true, false)).run();

    assertThat(r.bound()).isZero();
    assertThat(r.errors()).isEqualTo(3);
    assertThat(r.rejected()).isEqualTo(3);
  }
}
