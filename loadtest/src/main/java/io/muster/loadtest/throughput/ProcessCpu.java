package io.muster.loadtest.throughput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * CPU seconds a process has used so far (user + system, all its threads), from {@code
 * /proc/<pid>/stat}. Linux reports them in clock ticks of {@code USER_HZ}, 100 on every mainstream
 * architecture, so the resolution is 10 ms.
 */
final class ProcessCpu {
  private static final double TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** Empty when the process does not exist (or never did: pid 0). */
  static OptionalDouble seconds(int pid) {
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

  /** utime + stime of a {@code stat} line; the command name may contain blanks and parentheses. */
  static double parse(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ", field 3 (state) is f[0]; utime and stime are fields 14 and 15.
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks / TICKS_PER_SECOND;
  }
}
