package io.muster.extender.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes kube-scheduler retry a pod it parked as unschedulable, by patching the annotation {@code
 * muster.io/nudge} on exactly that pod: an update of the pending pod itself is one of the events
 * that requeue it at once (see fixtures/kube-scheduler/README.md); otherwise it waits for a flush
 * up to 5 minutes later.
 *
 * <p>{@link #nudge} never blocks and may be called from any thread. Nudges of one pod are coalesced
 * while it waits in the queue; at most {@code maxInFlight} patches are in flight; past {@code
 * maxQueued} waiting pods new nudges are dropped and counted. Failures are logged and counted,
 * never thrown: a lost nudge costs the pod its wait for kube-scheduler's flush, nothing more.
 */
public final class PodNudger {
  private static final Logger LOG = LoggerFactory.getLogger(PodNudger.class);

  /** Counters since start, for metrics. */
  public record Stats(
      long requested, long coalesced, long sent, long gone, long failed, long dropped) {}

  private final ClusterWriter writer;
  private final Clock clock;
  private final int maxInFlight;
  private final int maxQueued;
  private final Duration timeout;

  private final Set<PodRef> queued = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<PodRef> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong coalesced = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong gone = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  public PodNudger(
      ClusterWriter writer, Clock clock, int maxInFlight, int maxQueued, Duration timeout) {
    if (maxInFlight < 1 || maxQueued < 1) {
      throw new IllegalArgumentException("maxInFlight and maxQueued must be >= 1");
    }
    this.writer = writer;
    this.clock = clock;
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
    this.timeout = timeout;
  }

  /** Asks for {@code pod} to be retried by kube-scheduler soon. Never blocks. */
  public void nudge(PodRef pod) {
    requested.incrementAndGet();
    if (queued.contains(pod)) {
      coalesced.incrementAndGet();
      return;
    }
    if (queued.size() >= maxQueued) {
      dropped.incrementAndGet();
      return;
    }
    if (!queued.add(pod)) {
      coalesced.incrementAndGet();
      return;
    }
    queue.offer(pod);
    drain();
  }

  public Stats stats() {
    return new Stats(
        requested.get(), coalesced.get(), sent.get(), gone.get(), failed.get(), dropped.get());
  }

  /** Pods waiting or in flight; zero when idle. */
  public int pending() {
    return queued.size() + inFlight.get();
  }

  private void drain() {
    while (!queue.isEmpty()) {
      int n = inFlight.get();
      if (n >= maxInFlight) {
        return; // a completing patch drains again
      }
      if (!inFlight.compareAndSet(n, n + 1)) {
        continue;
      }
      PodRef pod = queue.poll();
      if (pod == null) {
        inFlight.decrementAndGet();
        continue;
      }
      // Leave the queued set before sending: a nudge that arrives while this patch is in flight
      // means the pod may have been retried and parked again, so it earns another patch.
      queued.remove(pod);
      send(pod);
    }
  }

  private void send(PodRef pod) {
    String value = clock.millis() + "-" + sequence.incrementAndGet();
    String patch =
        "{\"metadata\":{\"annotations\":{\"" + MusterAnnotations.NUDGE + "\":\"" + value + "\"}}}";
    writer
        .mergePatchPod(pod, patch)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (r, t) -> {
              if (t != null) {
                failed.incrementAndGet();
                LOG.warn("nudge failed pod={}: {}", pod, t.toString());
              } else if (r.ok()) {
                sent.incrementAndGet();
                LOG.debug("nudged pod={} value={}", pod, value);
              } else if (r.code() == 404) {
                gone.incrementAndGet();
              } else {
                failed.incrementAndGet();
                LOG.warn("nudge failed pod={} code={}: {}", pod, r.code(), abbreviate(r.body()));
              }
              inFlight.decrementAndGet();
              drain();
            });
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
