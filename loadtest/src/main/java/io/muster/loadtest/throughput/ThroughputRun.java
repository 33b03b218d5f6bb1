package io.muster.loadtest.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.loadtest.kube.ApiServer;
import io.muster.loadtest.kube.ProcessCpu;
import io.muster.loadtest.kube.SchedulerCycle;
import io.muster.loadtest.kube.SparkAppObjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Submits Spark applications to a real API server the way Spark does and times how fast the
 * scheduler under test binds them. Each application is one spark-submit: its driver pod, then,
 * {@code configMapDelay} later, the driver's Service and ConfigMap (Spark: 150–310 ms, see
 * shared/fixtures/spark). Once the driver is seen bound (a watch on the run's pods) and its
 * ConfigMap exists (without it the driver cannot start, {@link DriverStart}), its allocator creates
 * the executors, {@code batchSize} pods one after another, then waits {@code batchDelay} before the
 * next batch (Spark 4.0: 10 and 1 s). Every application runs on its own virtual thread, as every
 * driver is its own JVM. Bounded by {@code maxDuration}; the run's objects are deleted afterwards.
 */
final class ThroughputRun {
  /** What to submit and how long it may take. */
  record Settings(
      String config,
      int round,
      String namespace,
      String schedulerName,
      int apps,
      int executors,
      int batchSize,
      Duration batchDelay,
      Duration configMapDelay,
      Duration maxDuration,
      Duration settle,
      Map<String, Integer> pids,
      Optional<SchedulerCycle> scheduler) {}

  private static final int DRIVER_CORES = 1;
  private static final int DRIVER_HEAP_MIB = 4096;
  private static final int EXECUTOR_CORES = 2;
  private static final int EXECUTOR_HEAP_MIB = 8192;
  private static final Duration CLEANUP_WAIT = Duration.ofSeconds(120);

  private final ApiServer api;
  private final Settings s;

  ThroughputRun(ApiServer api, Settings settings) {
    this.api = api;
    this.s = settings;
  }

  /** A run's figures and when its pods were bound. */
  record Measured(ThroughputResult result, BindTimeline timeline) {}

  /** Submits {@code apps} applications under run id {@code run} and measures them. */
  Measured measure(String run, int apps) {
    List<SparkAppObjects> objects = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      objects.add(
          new SparkAppObjects(
              s.namespace(),
              run,
              i,
              s.schedulerName(),
              s.executors(),
              DRIVER_CORES,
              DRIVER_HEAP_MIB,
              EXECUTOR_CORES,
              EXECUTOR_HEAP_MIB));
    }
    int pods = apps * (1 + s.executors());
    String selector = "?labelSelector=" + ApiServer.encode(SparkAppObjects.RUN_LABEL + "=" + run);
    String podsPath = "/api/v1/namespaces/" + s.namespace() + "/pods";
    String rv =
        api.get(podsPath + selector + "&limit=1")
            .require("list pods")
            .path("metadata")
            .path("resourceVersion")
            .asText();

    Map<String, Long> created = new ConcurrentHashMap<>();
    Map<String, Long> bound = new ConcurrentHashMap<>();
    Map<String, SparkAppObjects> byDriver = new ConcurrentHashMap<>();
    objects.forEach(o -> byDriver.put(o.driverName(), o));
    CountDownLatch allBound = new CountDownLatch(pods);
    AtomicLong lastBound = new AtomicLong();
    AtomicInteger errors = new AtomicInteger();
    Map<String, DriverStart> starts = new ConcurrentHashMap<>();

    Map<String, Double> cpuBefore = cpu();
    Optional<SchedulerCycle.Totals> cycleBefore = s.scheduler().flatMap(SchedulerCycle::read);
    int extender = s.pids().getOrDefault("extender", 0);
    Map<Integer, ProcessCpu.ThreadCpu> extenderThreadsBefore = ProcessCpu.threads(extender);
    long start = System.nanoTime();
    try (ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor();
        ApiServer.Watch watch =
            api.watch(
                podsPath + selector,
                rv,
                s.maxDuration().plusSeconds(30),
                event -> {
                  JsonNode pod = event.path("object");
                  String name = pod.path("metadata").path("name").asText();
                  if (pod.path("spec").path("nodeName").asText("").isEmpty()) {
                    return;
                  }
                  long now = System.nanoTime();
                  if (bound.putIfAbsent(name, now) != null) {
                    return;
                  }
                  lastBound.accumulateAndGet(now, Math::max);
                  allBound.countDown();
                  SparkAppObjects app = byDriver.get(name);
                  if (app != null) {
                    startOf(starts, app, submitters, podsPath, created, errors)
                        .bound(pod.path("metadata").path("uid").asText());
                  }
                })) {
      for (SparkAppObjects app : objects) {
        submitters.submit(
            () -> {
              try {
                created.put(app.driverName(), System.nanoTime());
                String uid =
                    api.post(podsPath, app.driverPod())
                        .require("create driver " + app.driverName())
                        .path("metadata")
                        .path("uid")
                        .asText();
                // spark-submit then creates the Service and the ConfigMap, both owned by the pod.
                Thread.sleep(s.configMapDelay());
                api.post(
                        "/api/v1/namespaces/" + s.namespace() + "/services", app.driverService(uid))
                    .require("create service " + app.serviceName());
                api.post("/api/v1/namespaces/" + s.namespace() + "/configmaps", app.configMap(uid))
                    .require("create configmap " + app.configMapName());
                startOf(starts, app, submitters, podsPath, created, errors).configMapCreated();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                errors.incrementAndGet();
                System.err.println(e.getMessage());
              }
            });
      }
      boolean done = allBound.await(s.maxDuration().toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        System.err.printf(
            "config %s round %d: %d of %d pods bound within %s (%d created, %d errors)%n",
            s.config(),
            s.round(),
            bound.size(),
            pods,
            s.maxDuration(),
            created.size(),
            errors.get());
      }
      Thread.sleep(s.settle());
      Map<String, Double> cpuAfter = cpu();
      Optional<SchedulerCycle.Totals> cycle =
          cycleBefore.flatMap(
              before -> s.scheduler().flatMap(SchedulerCycle::read).map(a -> a.minus(before)));
      // The extender's JIT and GC threads, apart: a freshly started JVM compiles for a while.
      ProcessCpu.byWork(extenderThreadsBefore, ProcessCpu.threads(extender))
          .forEach(
              (work, secs) -> {
                String key = "extender." + work.name().toLowerCase(java.util.Locale.ROOT);
                cpuBefore.put(key, 0.0);
                cpuAfter.put(key, secs);
              });
      submitters.shutdownNow();
      List<Long> driversBound =
          objects.stream()
              .map(o -> bound.get(o.driverName()))
              .filter(java.util.Objects::nonNull)
              .toList();
      return new Measured(
          result(objects, pods, start, lastBound.get(), created, bound, cpuBefore, cpuAfter, cycle),
          BindTimeline.of(start, driversBound, bound.values()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      cleanUp(run);
    }
  }

  /** The start of {@code app}'s driver, whose allocator runs on {@code submitters}. */
  private DriverStart startOf(
      Map<String, DriverStart> starts,
      SparkAppObjects app,
      ExecutorService submitters,
      String podsPath,
      Map<String, Long> created,
      AtomicInteger errors) {
    return starts.computeIfAbsent(
        app.driverName(),
        n ->
            new DriverStart(
                uid ->
                    submitters.submit(
                        () -> allocateExecutors(app, uid, podsPath, created, errors))));
  }

  /** The driver's executor allocator: batches of {@code batchSize}, {@code batchDelay} apart. */
  private void allocateExecutors(
      SparkAppObjects app,
      String driverUid,
      String podsPath,
      Map<String, Long> created,
      AtomicInteger errors) {
    try {
      for (int id = 1; id <= app.executors(); id++) {
        created.put(app.executorName(id), System.nanoTime());
        api.post(podsPath, app.executorPod(id, driverUid))
            .require("create executor " + app.executorName(id));
        if (id % s.batchSize() == 0 && id < app.executors()) {
          Thread.sleep(s.batchDelay());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      errors.incrementAndGet();
      System.err.println(e.getMessage());
    }
  }

  private ThroughputResult result(
      List<SparkAppObjects> objects,
      int pods,
      long start,
      long lastBound,
      Map<String, Long> created,
      Map<String, Long> bound,
      Map<String, Double> cpuBefore,
      Map<String, Double> cpuAfter,
      Optional<SchedulerCycle.Totals> cycle) {
    List<Long> driverWaits = new ArrayList<>();
    List<Long> executorWaits = new ArrayList<>();
    int complete = 0;
    for (SparkAppObjects app : objects) {
      boolean all = wait(app.driverName(), created, bound, driverWaits);
      for (int id = 1; id <= app.executors(); id++) {
        all &= wait(app.executorName(id), created, bound, executorWaits);
      }
      complete += all ? 1 : 0;
    }
    Map<String, Double> cpu = new TreeMap<>();
    cpuAfter.forEach(
        (k, after) -> {
          Double before = cpuBefore.get(k);
          if (before != null) {
            cpu.put(k, after - before);
          }
        });
    double seconds = lastBound == 0 ? 0 : (lastBound - start) / 1e9;
    return new ThroughputResult(
        s.config(),
        s.round(),
        objects.size(),
        pods,
        bound.size(),
        complete,
        seconds,
        percentileMs(driverWaits, 0.50),
        percentileMs(driverWaits, 0.99),
        percentileMs(executorWaits, 0.50),
        percentileMs(executorWaits, 0.99),
        cpu,
        ProcessCpu.loadAverage(),
        cycle.map(SchedulerCycle.Totals::cycleMs).orElse(Double.NaN),
        cycle.map(SchedulerCycle.Totals::filterPluginsMs).orElse(Double.NaN));
  }

  private static boolean wait(
      String pod, Map<String, Long> created, Map<String, Long> bound, List<Long> waits) {
    Long c = created.get(pod);
    Long b = bound.get(pod);
    if (c == null || b == null) {
      return false;
    }
    waits.add(b - c);
    return true;
  }

  static double percentileMs(List<Long> nanos, double p) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private Map<String, Double> cpu() {
    Map<String, Double> cpu = new TreeMap<>();
    s.pids()
        .forEach(
            (name, pid) -> {
              OptionalDouble v = ProcessCpu.seconds(pid);
              if (v.isPresent()) {
                cpu.put(name, v.getAsDouble());
              }
            });
    return cpu;
  }

  /**
   * Deletes the run's pods (at once: no kubelet would confirm a graceful delete), ConfigMaps and
   * Services.
   */
  void cleanUp(String run) {
    String selector = ApiServer.encode(SparkAppObjects.RUN_LABEL + (run == null ? "" : "=" + run));
    String ns = "/api/v1/namespaces/" + s.namespace();
    api.delete(ns + "/pods?labelSelector=" + selector + "&gracePeriodSeconds=0")
        .require("delete pods");
    api.delete(ns + "/configmaps?labelSelector=" + selector).require("delete configmaps");
    // Services have no deletecollection: one by one.
    api.get(ns + "/services?labelSelector=" + selector)
        .require("list services")
        .path("items")
        .forEach(
            svc -> {
              ApiServer.Response r =
                  api.delete(ns + "/services/" + svc.path("metadata").path("name").asText());
              if (r.code() != 404) {
                r.require("delete service");
              }
            });
    long deadline = System.nanoTime() + CLEANUP_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode left = api.get(ns + "/pods?limit=1&labelSelector=" + selector).require("list pods");
      if (left.path("items").isEmpty()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("pods of run " + run + " still there after " + CLEANUP_WAIT);
  }
}
