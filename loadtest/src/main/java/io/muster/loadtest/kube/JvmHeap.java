package io.muster.loadtest.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap use of another JVM on this machine, through {@code jcmd <pid> GC.heap_info} (the JDK this
 * tool runs on; same user). {@link #liveMiB} first runs a full GC ({@code GC.run}), so it reports
 * what the process really keeps.
 */
public final class JvmHeap {
  // G1: " garbage-first heap   total reserved 6000000K, committed 262144K, used 123456K"
  private static final Pattern USED = Pattern.compile("heap\\s+total.*?used (\\d+)K");

  private JvmHeap() {}

  /** Heap in use now (live objects and garbage not yet collected), in MiB. */
  public static OptionalLong usedMiB(int pid) {
    return parse(jcmd(pid, "GC.heap_info"));
  }

  /** Heap in use right after a full GC, in MiB. */
  public static OptionalLong liveMiB(int pid) {
    jcmd(pid, "GC.run");
    return usedMiB(pid);
  }

  static OptionalLong parse(String heapInfo) {
    Matcher m = USED.matcher(heapInfo);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) / 1024) : OptionalLong.empty();
  }

  private static String jcmd(int pid, String command) {
    if (pid <= 0) {
      return "";
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Integer.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "";
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
