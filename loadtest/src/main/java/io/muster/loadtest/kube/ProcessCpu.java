package io.muster.loadtest.kube;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CPU seconds a process has used so far (user + system, all its threads), from {@code
 * /proc/<pid>/stat}. Linux reports them in clock ticks of {@code USER_HZ}, 100 on every mainstream
 * architecture, so the resolution is 10 ms. For a JVM, {@link #threads} also splits the time by
 * thread, so that JIT compilation and GC can be told apart from the application's own work.
 */
public final class ProcessCpu {
  private static final double TICKS_PER_SECOND = 100;

  /** What a JVM thread does, from its name (Linux keeps the first 15 characters). */
  public enum JvmWork {
    JIT,
    GC,
    APPLICATION;

    static JvmWork of(String threadName) {
      if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
        return JIT;
      }
      if (threadName.startsWith("GC Thread")
          || threadName.startsWith("G1 ")
          || threadName.equals("VM Thread")) {
        return GC;
      }
      return APPLICATION;
    }
  }

  /** One thread's name and CPU seconds so far. */
  public record ThreadCpu(String name, double seconds) {}

  private ProcessCpu() {}

  /** Empty when the process does not exist (or never did: pid 0). */
  public static OptionalDouble seconds(int pid) {
    if (pid <= 0) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(
          parse(Files.readString(Path.of("/proc", Integer.toString(pid), "stat"))));
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  /** CPU per live thread (by thread id) of process {@code pid}; empty when it is gone. */
  public static Map<Integer, ThreadCpu> threads(int pid) {
    Map<Integer, ThreadCpu> out = new HashMap<>();
    if (pid <= 0) {
      return out;
    }
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Integer.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          out.put(
              Integer.parseInt(task.getFileName().toString()),
              new ThreadCpu(name(stat), parse(stat)));
        } catch (IOException | NumberFormatException threadGone) {
          // a thread that ended meanwhile: its time stays in the process total only
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /**
   * CPU seconds by kind of work between two {@link #threads} snapshots, over the threads alive in
   * both (time of threads that started or ended in between counts only in the process total).
   */
  public static Map<JvmWork, Double> byWork(
      Map<Integer, ThreadCpu> before, Map<Integer, ThreadCpu> after) {
    Map<JvmWork, Double> out = new HashMap<>();
    after.forEach(
        (tid, t) -> {
          ThreadCpu b = before.get(tid);
          if (b != null && b.name().equals(t.name())) {
            out.merge(JvmWork.of(t.name()), t.seconds() - b.seconds(), Double::sum);
          }
        });
    return out;
  }

  /**
   * The machine's 1-minute load average ({@code /proc/loadavg}), NaN when unknown: on a shared
   * 2-core machine it says how much the numbers beside it were disturbed.
   */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** utime + stime of a {@code stat} line; the command name may contain blanks and parentheses. */
  public static double parse(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ", field 3 (state) is f[0]; utime and stime are fields 14 and 15.
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks / TICKS_PER_SECOND;
  }

  public static String name(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }
}
