package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart's transport: the real kube-scheduler calls Muster over mutual TLS. Its extender
 * client keeps only two idle HTTP/1.1 connections and binds concurrently, so over HTTP/1.1 most
 * binds would open a connection and pay a handshake; Muster offers h2 by ALPN and kube-scheduler
 * then multiplexes every verb over one connection.
 */
class MutualTlsE2E extends E2EBase {
  private static final Pattern CONNECTIONS =
      Pattern.compile("(?m)^muster_http_connections_total\\s+(\\S+)$");
  private static final Pattern BINDS =
      Pattern.compile(
          "(?m)^muster_verb_duration_seconds_count\\{[^}]*verb=\"bind\"[^}]*}\\s+(\\S+)$");

  @Test
  void aGangIsScheduledOverMutualTlsWithoutAConnectionPerBind() {
    plane.transport("mtls");
    try {
      assertThat(plane.env("EXTENDER_URL")).startsWith("https://");
      // up.sh's health probes of the main port opened connections of their own.
      double probes = value(CONNECTIONS, plane.opsGet("/metrics").body());
      SparkApp app = new SparkApp("mtls").driver(1, 1024).executors(12, 1, 1024);
      submitAndBindDriver(app);
      // All at once, so that kube-scheduler's binding cycles overlap.
      List<String> executors = app.createExecutors(plane.client(), 1, 12, 12, Duration.ZERO);
      kube.awaitBound(executors, BIND_BOUND);

      String metrics = plane.opsGet("/metrics").body();
      double binds = value(BINDS, metrics);
      double connections = value(CONNECTIONS, metrics) - probes;
      assertThat(binds).as("binds Muster served").isGreaterThanOrEqualTo(13);
      // One h2 connection; Go may race a second dial when the first calls arrive together.
      assertThat(connections).as("connections kube-scheduler opened").isBetween(1.0, 2.0);
      // The shaded jar loaded the native crypto provider (C1 only has no crypto intrinsics).
      assertThat(metrics).contains("muster_tls_crypto{provider=\"native\"} 1.0");
      List<String> all = new ArrayList<>(executors);
      all.add(app.driverName);
      assertThat(kube.allBound(all)).isTrue();
    } finally {
      plane.transport("plain");
    }
  }

  private static double value(Pattern series, String metrics) {
    Matcher m = series.matcher(metrics);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
      found = true;
    }
    assertThat(found).as("series %s in /metrics", series.pattern()).isTrue();
    return sum;
  }
}
