package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.loadtest.kube.JvmHeap;
import io.muster.loadtest.kube.ProcessCpu;
import io.muster.loadtest.protocol.Latencies.Role;
import io.muster.loadtest.protocol.Latencies.Verb;
import io.muster.placement.model.Resources;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Drives an extender like kube-scheduler's scheduling loop, one pod at a time: its own filter finds
 * the nodes where the pod fits (no extender call when there are none), then {@code filter}; with
 * more than one node left, {@code prioritize} and the best score; then {@code bind} (when the
 * extender binds) and the generator's cluster view counts the pod. A driver's executors are queued
 * once the driver is bound; a rejected pod waits until some pod is bound, as kube-scheduler parks
 * it until a cluster event.
 *
 * <p>Bounded by {@link LoadProfile#maxPods()} and {@link LoadProfile#maxDuration()}; talks to
 * 127.0.0.1 only.
 */
public final class LoadGenerator {
  /** What one run did and how long each verb took. */
  public record Report(
      int pods,
      int bound,
      int rejected,
      int errors,
      double seconds,
      Latencies.Summary filter,
      Latencies.Summary prioritize,
      Latencies.Summary bind,
      Map<Role, RoleSummary> byRole) {
    public double podsPerSecond() {
      return seconds == 0 ? 0 : bound / seconds;
    }

    @Override
    public String toString() {
      return String.format(
              Locale.ROOT,
              "pods=%d bound=%d rejected=%d errors=%d in %.2f s (%.0f bound pods/s)%n",
              pods,
              bound,
              rejected,
              errors,
              seconds,
              podsPerSecond())
          + "filter     "
          + filter
          + "\nprioritize "
          + prioritize
          + "\nbind       "
          + bind
          + byRole.entrySet().stream()
              .map(
                  e ->
                      "\n"
                          + e.getKey().name().toLowerCase(Locale.ROOT)
                          + "s:\n  filter     "
                          + e.getValue().filter()
                          + "\n  prioritize "
                          + e.getValue().prioritize()
                          + "\n  bind       "
                          + e.getValue().bind())
              .collect(java.util.stream.Collectors.joining());
    }
  }

  /** The three verbs' latencies for the pods of one role. */
  public record RoleSummary(
      Latencies.Summary filter, Latencies.Summary prioritize, Latencies.Summary bind) {}

  private record PendingPod(int app, ObjectNode json, Resources request, boolean driver) {
    Role role() {
      return driver ? Role.DRIVER : Role.EXECUTOR;
    }
  }

  private final LoadProfile profile;
  private final SparkPods pods;
  private final Latencies latencies = new Latencies();
  private final FeasibleNodes cluster;
  private final ExtenderClient client;

  /** Pods made up in memory, for extenders without a cluster view of their own. */
  public LoadGenerator(LoadProfile profile) {
    this(profile, SparkPods.synthetic("muster", profile));
  }

  public LoadGenerator(LoadProfile profile, SparkPods pods) {
    this.profile = profile;
    this.pods = pods;
    this.cluster =
        new FeasibleNodes(
            profile.nodes(),
            profile.zones(),
            profile.nodeAllocatable(),
            profile.percentageOfNodesToScore());
    URI base = Loopback.require(profile.url());
    this.client =
        new ExtenderClient(base, profile.nodeCacheCapable(), Duration.ofSeconds(5), latencies);
  }

  public Report run() {
    Deque<PendingPod> queue = new ArrayDeque<>();
    List<PendingPod> parked = new ArrayList<>();
    int created = 0;
    for (int a = 0; a < profile.apps() && created < profile.maxPods(); a++, created++) {
      queue.add(new PendingPod(a, pods.driver(a), profile.driver(), true));
    }
    long start = System.nanoTime();
    long deadline = start + profile.maxDuration().toNanos();
    int bound = 0;
    int errors = 0;
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      PendingPod pod = queue.poll();
      Outcome outcome = attempt(client, pod);
      switch (outcome) {
        case BOUND -> {
          bound++;
          queue.addAll(parked);
          parked.clear();
          if (pod.driver()) {
            for (int e = 1; e <= profile.executorsPerApp() && created < profile.maxPods(); e++) {
              created++;
              queue.add(
                  new PendingPod(
                      pod.app(),
                      pods.executor(pod.app(), e, pod.json()),
                      profile.executor(),
                      false));
            }
          }
        }
        case REJECTED -> parked.add(pod);
        case ERROR -> {
          errors++;
          parked.add(pod);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<Role, RoleSummary> byRole = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      byRole.put(
          r,
          new RoleSummary(
              latencies.summary(Verb.FILTER, r),
              latencies.summary(Verb.PRIORITIZE, r),
              latencies.summary(Verb.BIND, r)));
    }
    return new Report(
        created,
        bound,
        parked.size() + queue.size(),
        errors,
        seconds,
        latencies.summary(Verb.FILTER),
        latencies.summary(Verb.PRIORITIZE),
        latencies.summary(Verb.BIND),
        byRole);
  }

  private enum Outcome {
    BOUND,
    REJECTED,
    ERROR
  }

  /**
   * After {@link #run()}: one more application, whose executors' filter requests {@link FilterRate}
   * repeats at each level of {@code callers}; then its executors are bound like the others. Its
   * calls are not in the run's latencies.
   */
  List<FilterRate.Level> filterRate(int[] callers, Duration each, int maxCalls)
      throws InterruptedException {
    ExtenderClient probe =
        new ExtenderClient(
            Loopback.require(profile.url()),
            profile.nodeCacheCapable(),
            Duration.ofSeconds(5),
            new Latencies());
    int app = profile.apps();
    PendingPod driver = new PendingPod(app, pods.driver(app), profile.driver(), true);
    if (attempt(probe, driver) != Outcome.BOUND) {
      throw new IllegalStateException("the filter-rate probe's driver was not admitted and bound");
    }
    List<PendingPod> executors = new ArrayList<>();
    List<FilterRate.Call> calls = new ArrayList<>();
    for (int e = 1; e <= profile.executorsPerApp(); e++) {
      PendingPod pod =
          new PendingPod(app, pods.executor(app, e, driver.json()), profile.executor(), false);
      ObjectNode args = probe.args(pod.json(), cluster.feasible(pod.request()), cluster);
      ExtenderClient.FilterReply first = probe.filter(args, pod.role());
      if (first.error().isPresent() || first.nodes().size() != 1) {
        throw new IllegalStateException(
            "the probe's executor "
                + e
                + " did not get one node: "
                + first.error().orElse(first.nodes().size() + " nodes"));
      }
      executors.add(pod);
      calls.add(new FilterRate.Call(probe.encode(args), first.nodes().get(0)));
    }
    List<FilterRate.Level> levels =
        new FilterRate(Loopback.require(profile.url()), calls).measure(callers, each, maxCalls);
    for (PendingPod pod : executors) {
      attempt(probe, pod);
    }
    return levels;
  }

  private Outcome attempt(ExtenderClient client, PendingPod pod) {
    List<String> feasible = cluster.feasible(pod.request());
    if (feasible.isEmpty()) {
      return Outcome.REJECTED;
    }
    ObjectNode args = client.args(pod.json(), feasible, cluster);
    ExtenderClient.FilterReply reply = client.filter(args, pod.role());
    if (reply.error().isPresent()) {
      return Outcome.ERROR;
    }
    List<String> passed = reply.nodes().stream().filter(feasible::contains).toList();
    if (passed.isEmpty()) {
      return Outcome.REJECTED;
    }
    String node = passed.get(0);
    if (passed.size() > 1) {
      List<String> best =
          client.prioritizeBestFirst(client.args(pod.json(), passed, cluster), pod.role());
      node = best.stream().filter(passed::contains).findFirst().orElse(node);
    }
    if (profile.bind()) {
      Optional<String> error = client.bind(pod.json(), node, pod.role());
      if (error.isPresent()) {
        return Outcome.ERROR;
      }
    }
    cluster.bind(node, pod.request());
    return Outcome.BOUND;
  }

  /**
   * {@code --url http://127.0.0.1:PORT [--nodes 1000] [--apps 50] [--executors 19] [--node-cache
   * true] [--bind false] [--percentage 0] [--max-pods 50000] [--max-seconds 300] [--apiserver
   * RUN/env] [--run ID] [--extender-pid PID] [--out runs.jsonl] [--label TEXT]}. With {@code
   * --apiserver}, the pods are created in deploy/local's API server (whose nodes must be {@code
   * node-00000…}, see {@code Throughput nodes}) and deleted afterwards, so that an extender with a
   * cluster view of its own (Muster) knows them. With {@code --out}, one JSON line per run (with
   * the extender's CPU and heap when its pid is given) for {@link ProtocolReport}. With {@code
   * --filter-rate 1,2,4} (and {@code --rate-seconds 5 --rate-max-calls 20000}) a {@link FilterRate}
   * probe follows the run, measured separately (CPU and heap are taken before it).
   */
  public static void main(String[] args) {
    java.util.Map<String, String> a = Flags.parse(args);
    LoadProfile p =
        new LoadProfile(
            Flags.required(a, "--url"),
            Flags.integer(a, "--nodes", 1000),
            3,
            LoadProfile.NODE,
            Flags.integer(a, "--apps", 50),
            Flags.integer(a, "--executors", 19),
            LoadProfile.DRIVER,
            LoadProfile.EXECUTOR,
            Boolean.parseBoolean(a.getOrDefault("--node-cache", "true")),
            Boolean.parseBoolean(a.getOrDefault("--bind", "false")),
            Flags.integer(a, "--percentage", 0),
            Flags.integer(a, "--max-pods", 50_000),
            Duration.ofSeconds(Flags.integer(a, "--max-seconds", 300)));
    int[] rate = rateLevels(a);
    String env = a.get("--apiserver");
    int extender = Flags.integer(a, "--extender-pid", 0);
    double cpuBefore = ProcessCpu.seconds(extender).orElse(0);
    Map<Integer, ProcessCpu.ThreadCpu> threadsBefore = ProcessCpu.threads(extender);
    String out = a.get("--out");
    try (SparkPods pods =
        env == null
            ? SparkPods.synthetic("muster", p)
            : new ApiServerPods(
                io.muster.loadtest.kube.ApiServer.fromEnvFile(java.nio.file.Path.of(env)),
                a.getOrDefault("--run", "load-" + (System.currentTimeMillis() / 1000)),
                p)) {
      LoadGenerator generator = new LoadGenerator(p, pods);
      LoadGenerator.Report report = generator.run();
      System.out.println(report);
      if (out != null) {
        // Measured before the pods are deleted: the heap that holds this many bound pods.
        double cpu = ProcessCpu.seconds(extender).orElse(cpuBefore) - cpuBefore;
        Map<String, Double> byWork = new java.util.TreeMap<>();
        ProcessCpu.byWork(threadsBefore, ProcessCpu.threads(extender))
            .forEach((w, secs) -> byWork.put(w.name().toLowerCase(Locale.ROOT), secs));
        ProtocolResult r =
            new ProtocolResult(
                a.getOrDefault("--label", p.nodes() + " nodes"),
                p.nodes(),
                p.nodeCacheCapable(),
                p.percentageOfNodesToScore(),
                report,
                cpu,
                byWork,
                JvmHeap.usedMiB(extender).orElse(-1),
                JvmHeap.liveMiB(extender).orElse(-1),
                ProcessCpu.loadAverage(),
                filterRate(generator, rate, a));
        append(java.nio.file.Path.of(out), r.toJson());
      } else {
        filterRate(generator, rate, a);
      }
    }
  }

  /** The caller counts of {@code --filter-rate}, or none; checked before anything runs. */
  private static int[] rateLevels(java.util.Map<String, String> a) {
    String levels = a.get("--filter-rate");
    if (levels == null) {
      return new int[0];
    }
    int[] callers;
    try {
      callers = java.util.Arrays.stream(levels.split(",")).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      callers = new int[] {0};
    }
    if (java.util.Arrays.stream(callers).anyMatch(c -> c < 1 || c > 64)) {
      throw new IllegalArgumentException(
          "--filter-rate: expected caller counts 1..64 separated by commas, got \""
              + levels
              + "\"");
    }
    return callers;
  }

  private static List<FilterRate.Level> filterRate(
      LoadGenerator generator, int[] callers, java.util.Map<String, String> a) {
    if (callers.length == 0) {
      return List.of();
    }
    try {
      List<FilterRate.Level> measured =
          generator.filterRate(
              callers,
              Duration.ofSeconds(Flags.integer(a, "--rate-seconds", 5)),
              Flags.integer(a, "--rate-max-calls", 20_000));
      measured.forEach(l -> System.out.println("filter rate: " + l));
      return measured;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private static void append(java.nio.file.Path file, String line) {
    try {
      java.nio.file.Files.writeString(
          file,
          line + "\n",
          java.nio.charset.StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }
}
