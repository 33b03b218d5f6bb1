package io.muster.extender.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in {@code deploy/grafana/} queries only series Muster really exports, with
 * only the labels those series carry, and shows what operators need (decision latency, gangs by
 * state, reserved vs claimed room, time to full gang, policy reloads). The exported series and
 * their labels come from a real Prometheus scrape of {@link ExtenderMetrics}, so renaming a meter
 * or a tag without updating the dashboard fails here.
 */
class GrafanaDashboardTest {
  /** Surefire runs in the module directory and sets {@code basedir}; deploy/ is beside it. */
  static final Path DASHBOARD =
      Path.of(System.getProperty("basedir", "."))
          .resolve("../deploy/grafana/muster-dashboard.json")
          .normalize();

  /** Labels Prometheus adds when scraping a Kubernetes target, not Muster's own. */
  private static final Set<String> SCRAPE_LABELS =
      Set.of("namespace", "pod", "instance", "job", "service", "container", "endpoint");

  /** A metric selector: a name followed by an optional {matchers} block. */
  private static final Pattern SELECTOR =
      Pattern.compile("\\b(muster_[a-z0-9_]+)\\b(?:\\{([^}]*)\\})?");

  /** Any name immediately followed by a matcher block: must be a Muster series. */
  private static final Pattern ANY_SELECTOR = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

  private static final Pattern MATCHER_LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern SCRAPE_LINE =
      Pattern.compile("(?m)^(muster_[a-z0-9_]+)(?:\\{([^}]*)\\})? ");
  private static final Pattern LABEL_NAME = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private static JsonNode dashboard;
  private static List<String> queries;
  private static Map<String, Set<String>> exportedLabels;

  @BeforeAll
  static void load() throws IOException {
    dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    queries = new ArrayList<>();
    collectQueries(dashboard, queries);
    exportedLabels = scrapeEveryMeter();
  }

  /** Every PromQL string: panel targets ({@code expr}) and template variable queries. */
  private static void collectQueries(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                  out.add(e.getValue().asText());
                } else if (e.getKey().equals("definition") && e.getValue().isTextual()) {
                  out.add(e.getValue().asText());
                } else {
                  collectQueries(e.getValue(), out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectQueries(n, out));
    }
  }

  /** Touches every meter, scrapes, and returns each exported series with its label names. */
  private static Map<String, Set<String>> scrapeEveryMeter() {
    try (ExtenderMetrics metrics = ExtenderMetrics.prometheus()) {
      EveryMeter.touch(metrics);
      Map<String, Set<String>> labels = new TreeMap<>();
      Matcher m = SCRAPE_LINE.matcher(metrics.scrape());
      while (m.find()) {
        Set<String> names = labels.computeIfAbsent(m.group(1), k -> new TreeSet<>());
        if (m.group(2) != null) {
          Matcher l = LABEL_NAME.matcher(m.group(2));
          while (l.find()) {
            names.add(l.group(1));
          }
        }
      }
      return labels;
    }
  }

  @Test
  void theScrapeCoversTheDeclaredSeries() {
    // Guards this test itself: if the exercise above missed a meter, label checks would be vacuous.
    assertThat(exportedLabels.keySet())
        .containsExactlyInAnyOrderElementsOf(ExtenderMetrics.PROMETHEUS_SERIES);
  }

  @Test
  void everyQueriedMetricIsOneMusterExports() {
    assertThat(queries).as("PromQL queries in %s", DASHBOARD).hasSizeGreaterThan(10);
    Map<String, List<String>> unknown = new HashMap<>();
    for (String q : queries) {
      Matcher any = ANY_SELECTOR.matcher(q);
      while (any.find()) {
        if (!ExtenderMetrics.PROMETHEUS_SERIES.contains(any.group(1))) {
          unknown.computeIfAbsent(any.group(1), k -> new ArrayList<>()).add(q);
        }
      }
      Matcher muster = SELECTOR.matcher(q);
      while (muster.find()) {
        if (!ExtenderMetrics.PROMETHEUS_SERIES.contains(muster.group(1))) {
          unknown.computeIfAbsent(muster.group(1), k -> new ArrayList<>()).add(q);
        }
      }
    }
    assertThat(unknown).as("metrics the dashboard queries but Muster does not export").isEmpty();
  }

  @Test
  void everyMatcherAndGroupingLabelExistsOnItsSeries() {
    List<String> problems = new ArrayList<>();
    for (String q : queries) {
      Set<String> series = new TreeSet<>();
      Matcher s = SELECTOR.matcher(q);
      while (s.find()) {
        series.add(s.group(1));
        if (s.group(2) == null) {
          continue;
        }
        Matcher label = MATCHER_LABEL.matcher(s.group(2));
        while (label.find()) {
          if (!allowed(s.group(1)).contains(label.group(1))) {
            problems.add(s.group(1) + " has no label " + label.group(1) + " in: " + q);
          }
        }
      }
      Matcher g = GROUPING.matcher(q);
      while (g.find()) {
        for (String name : g.group(1).split(",")) {
          String label = name.trim();
          boolean onSome = series.stream().anyMatch(x -> allowed(x).contains(label));
          if (!label.isEmpty() && !onSome) {
            problems.add("grouping label " + label + " is on none of " + series + " in: " + q);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static Set<String> allowed(String series) {
    Set<String> names = new TreeSet<>(SCRAPE_LABELS);
    names.addAll(exportedLabels.getOrDefault(series, Set.of()));
    return names;
  }

  @Test
  void theDashboardShowsWhatOperatorsAskFor() {
    String all = String.join("\n", queries);
    assertThat(all)
        .as("decision latency")
        .contains("muster_verb_duration_seconds_bucket")
        .as("gangs waiting and admitted")
        .contains("muster_gangs{state=\"waiting\"")
        .contains("outcome=\"admitted\"")
        .as("reserved vs claimed")
        .contains("muster_resources_reserved")
        .contains("muster_resources_claimed")
        .as("time to full gang")
        .contains("muster_gang_time_to_full_seconds_bucket")
        .as("policy reloads")
        .contains("muster_policy_reloads_total");
  }

  @Test
  void panelsUseTheDatasourceVariableAndHaveUniqueIds() {
    Set<Integer> ids = new TreeSet<>();
    List<String> fixedDatasource = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt()))
          .as("unique panel id %s", panel.path("id"))
          .isTrue();
      for (JsonNode target : panel.path("targets")) {
        if (!target.path("datasource").path("uid").asText().equals("${datasource}")) {
          fixedDatasource.add(panel.path("title").asText());
        }
      }
    }
    assertThat(fixedDatasource).as("panels bound to one data source").isEmpty();
    assertThat(dashboard.path("uid").asText()).isNotBlank();
  }
}
