package io.muster.extender.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExtenderMetricsTest {
  private static final Pattern SERIES = Pattern.compile("(?m)^(muster_[a-z0-9_]+)[{ ]");
  private static final Set<String> BOUNDED_TAGS =
      Set.of(
          "verb",
          "result",
          "role",
          "outcome",
          "reason",
          "state",
          "resource",
          "kind",
          "type",
          "provider");

  private final ExtenderMetrics metrics = ExtenderMetrics.prometheus();

  @AfterEach
  void close() {
    metrics.close();
  }

  private void exerciseEverything() {
    EveryMeter.touch(metrics);
  }

  @Test
  void everyListedSeriesIsExportedAndNothingElse() {
    exerciseEverything();

    Set<String> exported = new TreeSet<>();
    Matcher m = SERIES.matcher(metrics.scrape());
    while (m.find()) {
      exported.add(m.group(1));
    }

    assertThat(exported).containsExactlyInAnyOrderElementsOf(ExtenderMetrics.PROMETHEUS_SERIES);
  }

  @Test
  void valuesAndTagsAreWhatDashboardsQuery() {
    exerciseEverything();

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains("muster_verb_duration_seconds_count{result=\"ok\",verb=\"filter\"} 1")
        .contains(
            "muster_verb_duration_seconds_bucket{result=\"ok\",verb=\"filter\",le=\"0.005\"} 1")
        .contains(
            "muster_verb_duration_seconds_bucket{result=\"ok\",verb=\"filter\",le=\"0.001\"} 0")
        .contains(
            "muster_decisions_total{outcome=\"admitted\",reason=\"none\",role=\"driver\"} 1.0")
        .contains(
            "muster_decisions_total{outcome=\"waiting\",reason=\"gang-not-admitted\","
                + "role=\"executor\"} 1.0")
        .contains("muster_gangs{state=\"waiting\"} 2.0")
        .contains("muster_gangs{state=\"active\"} 4.0")
        .contains("muster_resources_reserved{resource=\"cpu\"} 12.5")
        .contains("muster_resources_claimed{resource=\"memory\"} 1.7179869184E10")
        .contains("muster_resources_reserved{resource=\"pods\"} 7.0")
        .contains("muster_snapshot_generation 4211.0")
        .contains("muster_gang_time_to_full_seconds_count 1")
        .contains("muster_policy_reloads_total{result=\"applied\"} 1.0")
        .contains("muster_policy_reloads_total{result=\"rejected\"} 0.0")
        .contains("muster_informer_lag_seconds_count{kind=\"pod\"} 1")
        .contains("muster_informer_events_total{kind=\"node\",type=\"update\"} 1.0")
        .contains("muster_persist_total{result=\"conflict\"} 1.0")
        .contains("muster_nudges_total 1.0")
        .contains("muster_tls_crypto{provider=\"native\"} 1.0");
  }

  @Test
  void gaugesFollowTheirSuppliers() {
    AtomicLong generation = new AtomicLong(1);
    metrics.registerSnapshotGeneration(generation::get);
    generation.set(99);

    assertThat(metrics.scrape()).contains("muster_snapshot_generation 99.0");
  }

  @Test
  void onlyBoundedTagKeysAreUsed() {
    exerciseEverything();

    for (Meter meter : metrics.registry().getMeters()) {
      if (meter.getId().getName().startsWith("muster.")) {
        for (Tag tag : meter.getId().getTags()) {
          assertThat(BOUNDED_TAGS).as("tag of %s", meter.getId()).contains(tag.getKey());
        }
      }
    }
  }

  @Test
  void verbLatencyHasTheSloBuckets() {
    String scrape = metrics.scrape();

    for (String le : new String[] {"0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25"}) {
      assertThat(scrape)
          .contains(
              "muster_verb_duration_seconds_bucket{result=\"ok\",verb=\"bind\",le=\"" + le + "\"}");
    }
  }

  @Test
  void jvmMetricsCanBeAdded() {
    metrics.bindJvmMetrics();
    metrics.bindJvmMetrics(); // idempotent

    assertThat(metrics.scrape())
        .contains("jvm_memory_used_bytes")
        .contains("process_uptime_seconds");
  }
}
