package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Soak: a bounded churn of Spark-shaped applications on the real control plane, with an invariant
 * checker running throughout (see {@link SoakInvariants}), then everything deleted: no reservation
 * may be left, no node over-committed at any check, the extender's live heap flat, and no planted
 * secret in its log or operator views.
 *
 * <p>Seeded ({@code muster.soak.seed}): applications of random sizes arrive at random intervals
 * (some larger than the free room, so they queue; some with dynamic allocation), each driver once
 * bound gets its executors in batches, some executors are lost and replaced mid-run, and each
 * application finishes after a random run time. At most {@code muster.soak.maxApps} applications
 * and {@code muster.soak.maxPods} pods at once. CI runs {@code muster.soak.seconds}=90; the
 * ten-minute run is {@code -Dit.test=SoakE2E -Dmuster.soak.seconds=600}.
 */
class SoakE2E extends E2EBase {
  private static final long SECONDS = Long.getLong("muster.soak.seconds", 90);
  private static final long SEED = Long.getLong("muster.soak.seed", 20_260_601L);
  private static final int MAX_APPS = Integer.getInteger("muster.soak.maxApps", 10);
  private static final int MAX_PODS = Integer.getInteger("muster.soak.maxPods", 90);
  private static final Duration CHECK_EVERY =
      Duration.ofSeconds(Long.getLong("muster.soak.checkSeconds", 3));
  private static final double MEAN_ARRIVAL_MS = 4_000;

  /**
   * In how many checks in a row a node must be seen overbooked (bound pods plus held room over its
   * allocatable) to fail the soak: 1, every sighting fails. The check cannot produce a sighting of
   * its own: it counts only pods bound in both pod lists, read before and after the ledger (none
   * was bound or deleted meanwhile), and a slot, unbound driver or assumed extra whose own pod is
   * among them as that pod, never twice; whatever else it misses makes it count less, never more.
   * {@code -Dmuster.soak.overbookedRounds=N} tolerates shorter runs, for diagnosis only.
   */
  private static final int OVERBOOKED_ROUNDS =
      Integer.getInteger("muster.soak.overbookedRounds", 1);

  /** Strict FIFO behind a large gang can take a while; a user gives up after this. */
  private static final Duration QUEUE_BOUND = Duration.ofSeconds(150);

  private static final Duration DRAIN_BOUND = Duration.ofSeconds(90);
  private static final Duration RELEASE_BOUND = Duration.ofSeconds(60);
  private static final long MIB = 1024L * 1024;

  private final Map<String, SoakApp> apps = new ConcurrentHashMap<>();
  private final SecretCanaries canaries = new SecretCanaries();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Set<String> tickFailures = ConcurrentHashMap.newKeySet();
  private int delayedArrivals;

  @Test
  void churnKeepsEveryInvariantAndLeavesNothingBehind() throws InterruptedException {
    Path log = plane.logFile("extender.log");
    long logFrom = SecretCanaries.sizeOf(log);
    SoakInvariants invariants =
        new SoakInvariants(
            plane, id -> Optional.ofNullable(apps.get(id)), canaries.values(), OVERBOOKED_ROUNDS);
    HeapProbe heap = new HeapProbe(plane);
    long start = System.currentTimeMillis();
    long warmupEnd = start + Math.min(30_000, SECONDS * 1000 / 3);
    int bound;
    ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try (PodWatch watch = PodWatch.start(plane.client())) {
      ticks.scheduleWithFixedDelay(
          guarded("check", invariants::check),
          1_000,
          CHECK_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
      ticks.scheduleWithFixedDelay(guarded("heap", heap::sample), 0, 5, TimeUnit.SECONDS);
      ticks.scheduleAtFixedRate(
          guarded("live heap", heap::liveHeap), warmupEnd - start, 60_000, TimeUnit.MILLISECONDS);
      churn(threads, watch, start + SECONDS * 1000);
      heap.liveHeap(); // at the end of the churn, still under load
      draining.set(true);
      Waits.until(DRAIN_BOUND, "every soak application deleted its pods", this::allGone);
      bound = watch.boundEver();
    } finally {
      draining.set(true); // also when the churn failed: every application winds down
      threads.shutdown();
      boolean ended = threads.awaitTermination(DRAIN_BOUND.toSeconds(), TimeUnit.SECONDS);
      ticks.shutdownNow();
      ticks.awaitTermination(90, TimeUnit.SECONDS);
      assertThat(ended).as("application threads ended").isTrue();
    }
    long drained = System.currentTimeMillis();
    Optional<String> leftover = leftAfter(RELEASE_BOUND);
    long releasedMs = System.currentTimeMillis() - drained;
    invariants.check();
    invariants.noReservationAnnotationLeft();
    OptionalLong liveAfter = heap.liveHeap();
    List<String> logFindings = scanLog(log, logFrom);
    long logLines = SecretCanaries.linesSince(log, logFrom);

    SoakFigures figures =
        new SoakFigures(
            SECONDS,
            SEED,
            List.copyOf(apps.values()),
            bound,
            invariants,
            heap,
            warmupEnd,
            liveAfter,
            releasedMs,
            delayedArrivals,
            logLines,
            logFindings);
    figures.record();
    leftover.ifPresent(l -> System.out.println("left in /debug/gangs: " + l));

    assertThat(leftover)
        .as("/debug/gangs %s after every application is gone", RELEASE_BOUND)
        .isEmpty();
    assertThat(apps.values().stream().filter(a -> a.outcome() == SoakApp.Outcome.FAILED))
        .as("applications whose API calls failed")
        .allSatisfy(a -> assertThat(a.error()).as(a.plan.toString()).isNull());
    assertThat(invariants.counts()).as("invariant violations: %s", invariants.samples()).isEmpty();
    assertThat(invariants.checks()).as("invariant checks that ran").isGreaterThan(0);
    assertThat(tickFailures).as("checker or heap probe failures").isEmpty();
    assertThat(figures.completed()).as("applications that ran to their end").isPositive();
    assertThat(plane.client().pods().inNamespace(ControlPlane.NAMESPACE).list().getItems())
        .as("pods left in the Spark namespace")
        .isEmpty();
    assertThat(logFindings).as("credentials in the extender log").isEmpty();
    figures.assertHeapFlat();
  }

  /** Arrivals until {@code end}: a new application every exponential interval, within bounds. */
  private void churn(ExecutorService threads, PodWatch watch, long end) {
    Random master = new Random(SEED);
    long next = System.currentTimeMillis();
    for (int index = 1; ; index++) {
      next += (long) (-MEAN_ARRIVAL_MS * Math.log(1 - master.nextDouble()));
      AppPlan plan = AppPlan.draw(master, index);
      sleepUntil(Math.min(next, end));
      if (System.currentTimeMillis() >= end) {
        return;
      }
      if (!hasRoomFor(plan)) {
        delayedArrivals++;
        while (!hasRoomFor(plan)) {
          if (System.currentTimeMillis() >= end) {
            return;
          }
          Waits.sleep(Duration.ofMillis(200));
        }
      }
      SoakApp app = new SoakApp(plan, plane.client(), watch, draining::get, QUEUE_BOUND);
      app.spark.extraProperties.putAll(canaries.properties(new Random(plan.seed() ^ 0x5eed)));
      apps.put(app.spark.appId, app);
      threads.submit(app);
    }
  }

  private boolean hasRoomFor(AppPlan plan) {
    List<SoakApp> running = apps.values().stream().filter(a -> !a.gone()).toList();
    int pods = running.stream().mapToInt(a -> a.plan.pods()).sum();
    return running.size() < MAX_APPS && pods + plan.pods() <= MAX_PODS;
  }

  private static void sleepUntil(long at) {
    long left = at - System.currentTimeMillis();
    if (left > 0) {
      Waits.sleep(Duration.ofMillis(left));
    }
  }

  /**
   * Polls {@code /debug/gangs} until it holds nothing (empty) or {@code bound} passes (what it
   * still holds then).
   */
  private Optional<String> leftAfter(Duration bound) {
    long deadline = System.currentTimeMillis() + bound.toMillis();
    String last = "(never read)";
    while (System.currentTimeMillis() < deadline) {
      try {
        DebugGangs gangs = DebugGangs.read(plane);
        if (gangs.holdsNothing()) {
          return Optional.empty();
        }
        last = gangs.toString();
      } catch (RuntimeException e) {
        last = "(unreadable: " + e.getMessage() + ")";
      }
      Waits.sleep(Duration.ofMillis(500));
    }
    return Optional.of(last);
  }

  private boolean allGone() {
    return apps.values().stream().allMatch(SoakApp::gone);
  }

  private Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        tickFailures.add(what + ": " + e);
      }
    };
  }

  private List<String> scanLog(Path log, long from) {
    Set<String> needles = new HashSet<>(canaries.values());
    needles.addAll(SecretCanaries.tokenOf(Path.of(plane.env("MUSTER_KUBECONFIG"))));
    needles.addAll(SecretCanaries.tokenOf(Path.of(plane.env("SCHEDULER_KUBECONFIG"))));
    assertThat(needles).as("secrets to look for").hasSizeGreaterThan(canaries.values().size());
    return SecretCanaries.scan(log, from, needles);
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
  }

  static Map<SoakApp.Outcome, Integer> outcomes(List<SoakApp> apps) {
    Map<SoakApp.Outcome, Integer> m = new EnumMap<>(SoakApp.Outcome.class);
    apps.forEach(a -> m.merge(a.outcome(), 1, Integer::sum));
    return m;
  }

  static long mib(long bytes) {
    return bytes / MIB;
  }
}
