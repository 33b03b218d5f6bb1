package io.muster.extender.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits Kubernetes Events ({@code v1} Event create) about pods and Muster's ConfigMaps, with {@code
 * source.component} and {@code reportingComponent} = {@code muster}. Each (object, reason) is
 * emitted at most once per dedup window (Caffeine, injectable ticker), so a driver retried 100
 * times by kube-scheduler makes one "GangWaiting" event, not 100; the first message of the window
 * is the one kept. Never blocks; past {@code maxInFlight} concurrent creates, events are dropped
 * and counted. Failures are logged and counted, never thrown.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "muster";
  private static final int MAX_MESSAGE = 1024;

  /** What happened to one request to record an event. */
  public enum Outcome {
    CREATED,
    /** The same (object, reason) was recorded within the dedup window. */
    DEDUPLICATED,
    /** Too many creates in flight; dropped. */
    SATURATED,
    FAILED
  }

  /**
   * @param dedupWindow how long one (object, reason) stays silent after an event
   * @param maxInFlight concurrent Event creates at most
   * @param reportingInstance this replica's id, written as {@code reportingInstance}
   * @param timeout bound of one create
   */
  public record Settings(
      Duration dedupWindow, int maxInFlight, String reportingInstance, Duration timeout) {}

  private record Key(String namespace, String kind, String name, String uid, EventReason reason) {}

  private final ClusterWriter writer;
  private final Clock clock;
  private final Settings settings;
  private final Cache<Key, Boolean> recent;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong deduplicated = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public EventRecorder(ClusterWriter writer, Clock clock, Ticker ticker, Settings settings) {
    this.writer = writer;
    this.clock = clock;
    this.settings = settings;
    this.recent =
        Caffeine.newBuilder()
            .expireAfterWrite(settings.dedupWindow())
            .maximumSize(100_000)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /** Records an event unless the same (target, reason) was recorded within the window. */
  public CompletionStage<Outcome> record(EventTarget target, EventReason reason, String message) {
    Key key = new Key(target.namespace(), target.kind(), target.name(), target.uid(), reason);
    if (recent.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
      deduplicated.incrementAndGet();
      return CompletableFuture.completedFuture(Outcome.DEDUPLICATED);
    }
    if (inFlight.incrementAndGet() > settings.maxInFlight()) {
      inFlight.decrementAndGet();
      recent.invalidate(key); // not emitted: let the next attempt try again
      failed.incrementAndGet();
      return CompletableFuture.completedFuture(Outcome.SATURATED);
    }
    String json = writer.serialization().asJson(event(target, reason, message));
    return writer
        .createEvent(target.namespace(), json)
        .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (r, t) -> {
              inFlight.decrementAndGet();
              if (t == null && r.ok()) {
                created.incrementAndGet();
                return Outcome.CREATED;
              }
              failed.incrementAndGet();
              LOG.warn(
                  "event failed target={}/{} reason={}: {}",
                  target.namespace(),
                  target.name(),
                  reason.reason(),
                  t != null ? t.toString() : r.code() + " " + PodNudger.abbreviate(r.body()));
              return Outcome.FAILED;
            });
  }

  public long created() {
    return created.get();
  }

  public long deduplicated() {
    return deduplicated.get();
  }

  public long failed() {
    return failed.get();
  }

  Event event(EventTarget target, EventReason reason, String message) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String stamp = now.toString();
    String base = target.name().length() > 200 ? target.name().substring(0, 200) : target.name();
    String name =
        base
            + "."
            + Long.toHexString(clock.millis())
            + Long.toHexString(sequence.incrementAndGet());
    String text = message == null ? "" : message;
    if (text.length() > MAX_MESSAGE) {
      text = text.substring(0, MAX_MESSAGE - 3) + "...";
    }
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(target.namespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(target.apiVersion())
        .withKind(target.kind())
        .withNamespace(target.namespace())
        .withName(target.name())
        .withUid(target.uid().isEmpty() ? null : target.uid())
        .endInvolvedObject()
        .withReason(reason.reason())
        .withMessage(text)
        .withType(reason.type())
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(settings.reportingInstance())
        .withFirstTimestamp(stamp)
        .withLastTimestamp(stamp)
        .withCount(1)
        .build();
  }
}
