package io.muster.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The extender's heap, read from {@code jvm_memory_used_bytes{area="heap"}} on its ops port. Two
 * series: passive samples (garbage included: their lower envelope is the trend) and samples right
 * after a full collection forced with {@code jcmd <pid> GC.run} (the live heap: the honest figure
 * on a machine where G1 may not collect the old generation at all in ten minutes).
 */
final class HeapProbe {
  /** One reading: test-clock milliseconds and heap bytes in use. */
  record Sample(long atMs, long bytes) {}

  private final ControlPlane plane;
  private final List<Sample> passive = new ArrayList<>();
  private final List<Sample> live = new ArrayList<>();
  private String gcProblem = "";

  HeapProbe(ControlPlane plane) {
    this.plane = plane;
  }

  /** Reads the heap now (no collection); false when the ops port did not answer. */
  synchronized boolean sample() {
    OptionalLong heap = heapUsed();
    heap.ifPresent(b -> passive.add(new Sample(System.currentTimeMillis(), b)));
    return heap.isPresent();
  }

  /** Forces a full collection in the extender, then reads the heap: its live size. */
  synchronized OptionalLong liveHeap() {
    String pid = plane.env("EXTENDER_PID");
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), pid, "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        gcProblem = "jcmd GC.run did not finish within 60 s";
        return OptionalLong.empty();
      }
      if (p.exitValue() != 0) {
        gcProblem = "jcmd " + pid + " GC.run exited " + p.exitValue();
        return OptionalLong.empty();
      }
    } catch (IOException e) {
      gcProblem = "jcmd not runnable: " + e.getMessage();
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
    OptionalLong heap = heapUsed();
    heap.ifPresent(b -> live.add(new Sample(System.currentTimeMillis(), b)));
    return heap;
  }

  private OptionalLong heapUsed() {
    HttpResponse<String> r;
    try {
      r = plane.opsGet("/metrics");
    } catch (RuntimeException e) {
      return OptionalLong.empty();
    }
    if (r.statusCode() != 200) {
      return OptionalLong.empty();
    }
    double sum = 0;
    boolean found = false;
    for (String line : r.body().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? OptionalLong.of((long) sum) : OptionalLong.empty();
  }

  synchronized List<Sample> passive() {
    return List.copyOf(passive);
  }

  synchronized List<Sample> live() {
    return List.copyOf(live);
  }

  synchronized String gcProblem() {
    return gcProblem;
  }

  /**
   * The minimum of each of {@code windows} equal time windows of {@code samples} after {@code
   * fromMs}.
   */
  static List<Sample> lowerEnvelope(List<Sample> samples, long fromMs, int windows) {
    List<Sample> after = samples.stream().filter(s -> s.atMs() >= fromMs).toList();
    if (after.size() < windows) {
      return after;
    }
    long start = after.get(0).atMs();
    long span = Math.max(1, after.get(after.size() - 1).atMs() - start + 1);
    List<Sample> mins = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      long lo = start + span * w / windows;
      long hi = start + span * (w + 1) / windows;
      after.stream()
          .filter(s -> s.atMs() >= lo && s.atMs() < hi)
          .min((a, b) -> Long.compare(a.bytes(), b.bytes()))
          .ifPresent(mins::add);
    }
    return mins;
  }

  /** Least-squares slope of {@code samples}, in MiB per minute (0 for fewer than two). */
  static double slopeMiBPerMinute(List<Sample> samples) {
    int n = samples.size();
    if (n < 2) {
      return 0;
    }
    double mx = samples.stream().mapToDouble(s -> s.atMs() / 60_000.0).average().orElse(0);
    double my = samples.stream().mapToDouble(s -> s.bytes() / 1048576.0).average().orElse(0);
    double num = 0;
    double den = 0;
    for (Sample s : samples) {
      double dx = s.atMs() / 60_000.0 - mx;
      num += dx * (s.bytes() / 1048576.0 - my);
      den += dx * dx;
    }
    return den == 0 ? 0 : num / den;
  }
}
