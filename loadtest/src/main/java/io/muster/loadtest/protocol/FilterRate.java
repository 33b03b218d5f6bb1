package io.muster.loadtest.protocol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * The highest filter rate an extender sustains on its hot path: the filter requests of one admitted
 * gang's executors, encoded once, fired by {@code callers} threads (each with its own HTTP/1.1
 * connection, like kube-scheduler's) as fast as the answers come, for a bounded time and count.
 * kube-scheduler's loop calls filter one pod at a time, so one caller is what a single
 * kube-scheduler can ask for; more callers show what is left on the machine's cores. Every answer
 * is checked: HTTP 200, no {@code Error}, exactly the expected node kept.
 */
final class FilterRate {
  /** One level: how many calls {@code callers} threads completed, how fast, and their latency. */
  record Level(int callers, long calls, long errors, double seconds, double p50Ms, double p99Ms) {
    double callsPerSecond() {
      return seconds == 0 ? 0 : calls / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d caller(s): %d filter calls in %.2f s = %.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors",
          callers,
          calls,
          seconds,
          callsPerSecond(),
          p50Ms,
          p99Ms,
          errors);
    }
  }

  /** A request body and the one node its executor's answer must keep. */
  record Call(byte[] body, String node) {}

  private static final Pattern ERROR = Pattern.compile("\"Error\"\\s*:\\s*\"[^\"]");

  private final URI filter;
  private final List<Call> calls;

  FilterRate(URI base, List<Call> calls) {
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("no filter calls to repeat");
    }
    this.filter = URI.create(Loopback.require(base.toString()) + "/filter");
    this.calls = List.copyOf(calls);
  }

  /** Runs each level in turn; each ends at {@code each} or {@code maxCalls}, whichever is first. */
  List<Level> measure(int[] callerCounts, Duration each, int maxCalls) throws InterruptedException {
    List<Level> levels = new ArrayList<>();
    for (int callers : callerCounts) {
      levels.add(level(callers, each, maxCalls));
    }
    return levels;
  }

  private Level level(int callers, Duration each, int maxCalls) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      long start = System.nanoTime();
      long deadline = start + each.toNanos();
      int perCaller = Math.max(1, maxCalls / callers);
      List<Future<long[]>> results = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int offset = c;
        results.add(pool.submit(() -> caller(offset, deadline, perCaller)));
      }
      List<long[]> latencies = new ArrayList<>();
      long errors = 0;
      for (Future<long[]> f : results) {
        long[] r;
        try {
          r = f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("filter caller failed", e.getCause());
        }
        errors += r[0];
        latencies.add(Arrays.copyOfRange(r, 1, r.length));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return new Level(
          callers,
          all.length,
          errors,
          seconds,
          percentile(all, 0.50) / 1e6,
          percentile(all, 0.99) / 1e6);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Element 0: errors; then one latency (ns) per completed call. */
  private long[] caller(int offset, long deadline, int maxCalls) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    long[] out = new long[maxCalls + 1];
    int n = 0;
    for (int i = offset; n < maxCalls && System.nanoTime() < deadline; i++) {
      Call call = calls.get(i % calls.size());
      HttpRequest request =
          HttpRequest.newBuilder(filter)
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()))
              .build();
      long t0 = System.nanoTime();
      boolean ok;
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        ok = r.statusCode() == 200 && keepsOnly(r.body(), call.node());
      } catch (IOException e) {
        ok = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      out[++n] = System.nanoTime() - t0;
      if (!ok) {
        out[0]++;
      }
    }
    return Arrays.copyOf(out, n + 1);
  }

  /** The nodeCacheCapable answer keeps exactly {@code node} and reports no error. */
  static boolean keepsOnly(String reply, String node) {
    return !ERROR.matcher(reply).find()
        && reply.replace(" ", "").contains("\"NodeNames\":[\"" + node + "\"]");
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
