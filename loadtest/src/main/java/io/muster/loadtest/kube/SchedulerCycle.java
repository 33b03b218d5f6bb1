package io.muster.loadtest.kube;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * kube-scheduler's own timing of its serial scheduling cycles, from its {@code /metrics}: the sum
 * and count of {@code scheduler_scheduling_algorithm_duration_seconds} (everything from taking a
 * pod off the queue to choosing its node, extender calls included) and of the {@code Filter}
 * extension point (its in-tree Filter plugins over every node). Read before and after a run, the
 * difference says how long the loop spent per pod and how much of that was not its own plugins.
 * Reading is best-effort: a run is never failed for want of these numbers.
 */
public final class SchedulerCycle {
  /** Totals since kube-scheduler started. */
  public record Totals(
      double algorithmSeconds, long cycles, double filterSeconds, long filterCalls) {
    public Totals minus(Totals before) {
      return new Totals(
          algorithmSeconds - before.algorithmSeconds,
          cycles - before.cycles,
          filterSeconds - before.filterSeconds,
          filterCalls - before.filterCalls);
    }

    /** Mean cycle in ms, NaN when there was none. */
    public double cycleMs() {
      return cycles <= 0 ? Double.NaN : 1000 * algorithmSeconds / cycles;
    }

    /** Mean time of the Filter plugins per call in ms, NaN when there was none. */
    public double filterPluginsMs() {
      return filterCalls <= 0 ? Double.NaN : 1000 * filterSeconds / filterCalls;
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String ALGORITHM = "scheduler_scheduling_algorithm_duration_seconds";
  private static final String EXTENSION_POINT =
      "scheduler_framework_extension_point_duration_seconds";

  private final URI metrics;
  private final HttpClient http;

  private SchedulerCycle(URI metrics, HttpClient http) {
    this.metrics = metrics;
    this.http = http;
  }

  /**
   * From deploy/local's env file ({@code SCHEDULER_URL}, {@code CA_CERT}, {@code ADMIN_CERT},
   * {@code ADMIN_KEY}); empty when any is missing. Only {@code https://127.0.0.1:<port>}.
   */
  public static Optional<SchedulerCycle> fromEnv(Map<String, String> env) {
    String url = env.getOrDefault("SCHEDULER_URL", "");
    String ca = env.getOrDefault("CA_CERT", "");
    String cert = env.getOrDefault("ADMIN_CERT", "");
    String key = env.getOrDefault("ADMIN_KEY", "");
    if (url.isEmpty() || ca.isEmpty() || cert.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    URI base = URI.create(url);
    if (!"https".equals(base.getScheme()) || !"127.0.0.1".equals(base.getHost())) {
      throw new IllegalArgumentException(
          "SCHEDULER_URL: only https://127.0.0.1:<port> is allowed, got " + url);
    }
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .sslContext(PemCredentials.context(Path.of(ca), Path.of(cert), Path.of(key)))
            .build();
    return Optional.of(new SchedulerCycle(base.resolve("/metrics"), http));
  }

  /** The totals now, or empty when kube-scheduler did not answer (logged). */
  public Optional<Totals> read() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        System.err.println("kube-scheduler " + metrics + " answered " + r.statusCode());
        return Optional.empty();
      }
      return Optional.of(parse(r.body()));
    } catch (IOException e) {
      System.err.println("kube-scheduler " + metrics + ": " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The totals in Prometheus's text format; series that are absent count as zero. */
  static Totals parse(String text) {
    double algorithm = 0;
    long cycles = 0;
    double filter = 0;
    long filterCalls = 0;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String series = line.substring(0, space);
      double value;
      try {
        value = Double.parseDouble(line.substring(space + 1).trim());
      } catch (NumberFormatException e) {
        continue;
      }
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      String labels = brace < 0 ? "" : series.substring(brace);
      if (name.equals(ALGORITHM + "_sum")) {
        algorithm += value;
      } else if (name.equals(ALGORITHM + "_count")) {
        cycles += (long) value;
      } else if (labels.contains("extension_point=\"Filter\"")) {
        if (name.equals(EXTENSION_POINT + "_sum")) {
          filter += value;
        } else if (name.equals(EXTENSION_POINT + "_count")) {
          filterCalls += (long) value;
        }
      }
    }
    return new Totals(algorithm, cycles, filter, filterCalls);
  }
}
