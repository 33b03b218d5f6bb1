package io.muster.loadtest.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** kube-scheduler's cycle timing read from its metrics text. */
class SchedulerCycleTest {
  // Shaped as kube-scheduler v1.36 writes it (trimmed).
  private static final String METRICS =
      """
      # HELP scheduler_scheduling_algorithm_duration_seconds [ALPHA] Scheduling algorithm latency in seconds
      # TYPE scheduler_scheduling_algorithm_duration_seconds histogram
      scheduler_scheduling_algorithm_duration_seconds_bucket{le="0.001"} 10
      scheduler_scheduling_algorithm_duration_seconds_sum 7.545
      scheduler_scheduling_algorithm_duration_seconds_count 989
      scheduler_framework_extension_point_duration_seconds_bucket{extension_point="Filter",profile="muster",status="Success",le="0.0001"} 3
      scheduler_framework_extension_point_duration_seconds_sum{extension_point="Filter",profile="muster",status="Success"} 2.25
      scheduler_framework_extension_point_duration_seconds_count{extension_point="Filter",profile="muster",status="Success"} 900
      scheduler_framework_extension_point_duration_seconds_sum{extension_point="Filter",profile="muster",status="Unschedulable"} 0.25
      scheduler_framework_extension_point_duration_seconds_count{extension_point="Filter",profile="muster",status="Unschedulable"} 100
      scheduler_framework_extension_point_duration_seconds_sum{extension_point="PreFilter",profile="muster",status="Success"} 0.084
      scheduler_framework_extension_point_duration_seconds_count{extension_point="PreFilter",profile="muster",status="Success"} 989
      scheduler_plugin_execution_duration_seconds_sum{extension_point="Filter",plugin="NodeName",status="Success"} 99
      """;

  @Test
  void readsTheAlgorithmAndEveryFilterStatusOnly() {
    SchedulerCycle.Totals t = SchedulerCycle.parse(METRICS);

    assertThat(t.algorithmSeconds()).isEqualTo(7.545);
    assertThat(t.cycles()).isEqualTo(989);
    assertThat(t.filterSeconds()).isEqualTo(2.5);
    assertThat(t.filterCalls()).isEqualTo(1000);
  }

  @Test
  void aWindowIsTheDifferenceOfTwoReadings() {
    SchedulerCycle.Totals before = new SchedulerCycle.Totals(1.0, 100, 0.5, 100);
    SchedulerCycle.Totals after = new SchedulerCycle.Totals(9.0, 1100, 2.9, 1100);

    SchedulerCycle.Totals window = after.minus(before);

    assertThat(window.cycleMs()).isEqualTo(8.0);
    assertThat(window.filterPluginsMs()).isEqualTo(2.4);
    assertThat(new SchedulerCycle.Totals(0, 0, 0, 0).cycleMs()).isNaN();
  }

  @Test
  void missingSeriesCountAsZeroAndGarbageLinesAreSkipped() {
    SchedulerCycle.Totals t = SchedulerCycle.parse("garbage\nscheduler_x{a=\"b\"} notanumber\n");

    assertThat(t).isEqualTo(new SchedulerCycle.Totals(0, 0, 0, 0));
  }

  @Test
  void onlyLoopbackHttpsAndNothingWithoutCredentials() {
    assertThat(SchedulerCycle.fromEnv(Map.of())).isEmpty();
    assertThatThrownBy(
            () ->
                SchedulerCycle.fromEnv(
                    Map.of(
                        "SCHEDULER_URL", "https://10.0.0.1:10259",
                        "CA_CERT", "/x",
                        "ADMIN_CERT", "/y",
                        "ADMIN_KEY", "/z")))
        .hasMessageContaining("SCHEDULER_URL");
  }
}
