package io.muster.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Apache Spark JVM (its submission client or a client-mode driver), started with Spark's own
 * classpath, apart from the suite's fabric8/Jackson/Vert.x. Its output goes to a log file; closing
 * it ends it: standard input is closed first (the client-mode driver then stops its SparkContext,
 * which deletes its executors), and a JVM still alive after a short grace is killed forcibly with
 * anything it started.
 */
final class SparkJvm implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(15);
  private static final Duration KILL_BOUND = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path log;

  private SparkJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass args} with {@code install}'s classpath on the JDK running the suite.
   * {@code KUBECONFIG} is the control plane's admin kubeconfig: Spark's client reads it as {@code
   * kubectl} would.
   */
  static SparkJvm start(
      SparkInstall install, ControlPlane plane, String name, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(install.jvmOptions());
    command.add("-cp");
    command.add(install.classpathString());
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("KUBECONFIG", plane.env("KUBECONFIG"));
    // Hadoop asks javax.security.auth.Subject for the user, which Java 23+ refuses
    // (UnsupportedOperationException); Spark reads SPARK_USER first and never asks.
    env.put("SPARK_USER", "muster-e2e");
    // Loopback only, and no lookup of the machine's name.
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    // Hermetic: no spark-defaults.conf of the machine.
    env.remove("SPARK_HOME");
    env.remove("SPARK_CONF_DIR");
    Path log = plane.repo().resolve("deploy/e2e/target/spark/" + name + ".log");
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, String.join(" ", command) + "\n", StandardCharsets.UTF_8);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return new SparkJvm(name, pb.start(), log);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + name + " (" + mainClass + ")", e);
    }
  }

  /** Waits up to {@code bound} for the JVM to exit by itself; its exit code. */
  int awaitExit(Duration bound) {
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            name + " still runs after " + bound + "; tail of " + log + ":\n" + tail(40));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return process.exitValue();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed or the JVM is gone: the forcible stop below still applies.
    }
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(KILL_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
