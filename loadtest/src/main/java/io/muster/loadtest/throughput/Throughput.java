package io.muster.loadtest.throughput;

import io.muster.loadtest.kube.ApiServer;
import io.muster.loadtest.kube.FakeNodes;
import io.muster.loadtest.protocol.Flags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Command line of the kube-scheduler throughput benchmark (driven by loadtest/run-throughput.sh):
 *
 * <pre>
 * nodes   --env RUN/env --count 1000 [--zones 3] [--cpu 32] [--memory 128Gi] [--pods 110]
 * run     --env RUN/env --config NAME --round N --out results.jsonl [--apps 50] [--executors 19]
 *         [--batch 10] [--batch-delay-ms 1000] [--configmap-delay-ms 200] [--warmup-apps 10]
 *         [--max-seconds 300]
 *         [--settle-ms 2000] [--namespace spark] [--scheduler-name muster]
 * cleanup --env RUN/env [--namespace spark]
 * report  --results results.jsonl --out-dir DIR [--baseline c] [--title ...]
 * </pre>
 *
 * CPU is read for the processes whose pids deploy/local's env file names (API server, etcd,
 * kube-scheduler, extender).
 */
public final class Throughput {
  private Throughput() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: nodes|run|cleanup|report --key value ...");
    }
    Map<String, String> a = Flags.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
    switch (args[0]) {
      case "nodes" -> {
        ApiServer api = ApiServer.fromEnvFile(Path.of(Flags.required(a, "--env")));
        int count = Flags.integer(a, "--count", 1000);
        long t = System.nanoTime();
        new FakeNodes(api)
            .ensure(
                count,
                Flags.integer(a, "--zones", 3),
                Flags.integer(a, "--cpu", 32),
                a.getOrDefault("--memory", "128Gi"),
                Flags.integer(a, "--pods", 110));
        System.out.printf("%d fake nodes in %.1f s%n", count, (System.nanoTime() - t) / 1e9);
      }
      case "run" -> run(a);
      case "cleanup" -> {
        Path env = Path.of(Flags.required(a, "--env"));
        new ThroughputRun(ApiServer.fromEnvFile(env), settings(a, env)).cleanUp(null);
      }
      case "report" ->
          ThroughputReport.write(
              Path.of(Flags.required(a, "--results")),
              Path.of(Flags.required(a, "--out-dir")),
              a.getOrDefault("--baseline", "c"),
              a.getOrDefault("--title", ""));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private static void run(Map<String, String> a) throws IOException {
    Path env = Path.of(Flags.required(a, "--env"));
    ThroughputRun.Settings s = settings(a, env);
    ThroughputRun run = new ThroughputRun(ApiServer.fromEnvFile(env), s);
    String id = "tp-" + s.config() + "-r" + s.round();
    int warmup = Flags.integer(a, "--warmup-apps", 10);
    if (warmup > 0) {
      // Warms the scheduler's and the extender's code paths (JIT) without counting them.
      System.out.println("warm-up: " + run.measure(id + "-warm", warmup).result());
    }
    ThroughputRun.Measured m = run.measure(id, s.apps());
    ThroughputResult r = m.result();
    System.out.println(r);
    System.out.println(m.timeline().line(s.config(), s.round()));
    Files.writeString(
        Path.of(Flags.required(a, "--out")),
        r.toJson() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static ThroughputRun.Settings settings(Map<String, String> a, Path env) {
    Map<String, String> e = ApiServer.readEnv(env);
    Map<String, Integer> pids = new TreeMap<>();
    for (var p :
        Map.of(
                "apiserver", "APISERVER_PID",
                "etcd", "ETCD_PID",
                "scheduler", "SCHEDULER_PID",
                "extender", "EXTENDER_PID")
            .entrySet()) {
      String v = e.getOrDefault(p.getValue(), "");
      if (v.matches("[0-9]+")) {
        pids.put(p.getKey(), Integer.parseInt(v));
      }
    }
    // The load tool's own CPU: on a 2-core machine it competes with the control plane.
    pids.put("loadgen", (int) ProcessHandle.current().pid());
    return new ThroughputRun.Settings(
        a.getOrDefault("--config", "x"),
        Flags.integer(a, "--round", 1),
        a.getOrDefault("--namespace", "spark"),
        a.getOrDefault("--scheduler-name", "muster"),
        Flags.integer(a, "--apps", 50),
        Flags.integer(a, "--executors", 19),
        Flags.integer(a, "--batch", 10),
        Duration.ofMillis(Flags.integer(a, "--batch-delay-ms", 1000)),
        Duration.ofMillis(Flags.integer(a, "--configmap-delay-ms", 200)),
        Duration.ofSeconds(Flags.integer(a, "--max-seconds", 300)),
        Duration.ofMillis(Flags.integer(a, "--settle-ms", 2000)),
        pids,
        // kube-scheduler's own cycle timing over the measured window (best-effort).
        io.muster.loadtest.kube.SchedulerCycle.fromEnv(e));
  }
}
