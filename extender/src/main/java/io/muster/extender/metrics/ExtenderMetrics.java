package io.muster.extender.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.muster.placement.Reason;
import io.muster.placement.model.Resources;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every Micrometer meter Muster exports, with its name and tags, in one place. Tag values come only
 * from the enums below (bounded): never a node, pod, application or namespace.
 */
public final class ExtenderMetrics implements AutoCloseable {

  public static final String VERB_DURATION = "muster.verb.duration";
  public static final String DECISIONS = "muster.decisions";
  public static final String GANGS = "muster.gangs";
  public static final String RESOURCES_RESERVED = "muster.resources.reserved";
  public static final String RESOURCES_CLAIMED = "muster.resources.claimed";
  public static final String GANG_TIME_TO_FULL = "muster.gang.time_to_full";
  public static final String POLICY_RELOADS = "muster.policy.reloads";
  public static final String INFORMER_LAG = "muster.informer.lag";
  public static final String INFORMER_EVENTS = "muster.informer.events";
  public static final String SNAPSHOT_GENERATION = "muster.snapshot.generation";
  public static final String PERSIST = "muster.persist";
  public static final String NUDGES = "muster.nudges";
  public static final String CONNECTIONS = "muster.http.connections";
  public static final String TLS_CRYPTO = "muster.tls.crypto";

  /**
   * Every Muster series in the Prometheus text, as a dashboard query names it (Micrometer adds the
   * unit and {@code _total}; timers export {@code _bucket}, {@code _count}, {@code _sum}, {@code
   * _max}). {@code ExtenderMetricsTest} checks the list against a real scrape, both ways.
   */
  public static final List<String> PROMETHEUS_SERIES =
      List.of(
          "muster_verb_duration_seconds_bucket",
          "muster_verb_duration_seconds_count",
          "muster_verb_duration_seconds_sum",
          "muster_verb_duration_seconds_max",
          "muster_decisions_total",
          "muster_gangs",
          "muster_resources_reserved",
          "muster_resources_claimed",
          "muster_gang_time_to_full_seconds_bucket",
          "muster_gang_time_to_full_seconds_count",
          "muster_gang_time_to_full_seconds_sum",
          "muster_gang_time_to_full_seconds_max",
          "muster_policy_reloads_total",
          "muster_informer_lag_seconds_bucket",
          "muster_informer_lag_seconds_count",
          "muster_informer_lag_seconds_sum",
          "muster_informer_lag_seconds_max",
          "muster_informer_events_total",
          "muster_snapshot_generation",
          "muster_persist_total",
          "muster_nudges_total",
          "muster_http_connections_total",
          "muster_tls_crypto");

  /** Content type of {@link #scrape()}: the Prometheus text exposition format 0.0.4. */
  public static final String SCRAPE_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Duration[] VERB_SLOS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250)
  };

  /** The extender verb an HTTP request served. */
  public enum Verb {
    FILTER,
    PRIORITIZE,
    BIND,
    PREEMPT;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a verb request ended at the HTTP edge. */
  public enum VerbResult {
    /** Answered with the implementation's verdict. */
    OK,
    /** The implementation failed; answered with {@code Error} (filter, bind) or no opinion. */
    ERROR,
    /** The implementation did not answer within {@code MUSTER_VERB_TIMEOUT}. */
    TIMEOUT,
    /** The request was refused (HTTP 400 or 413) before reaching the implementation. */
    BAD_REQUEST;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Which kind of pod a decision was about. */
  public enum Role {
    DRIVER,
    EXECUTOR,
    /** Not a Spark pod, or a Spark pod Muster does not manage: passed through. */
    OTHER;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a scheduling decision did. */
  public enum Outcome {
    /** A driver's whole minimum gang was reserved. */
    ADMITTED,
    /** An executor got a node (its slot, a repaired slot, or free room beyond the minimum). */
    PLACED,
    /** The pod must wait; the reason is resolvable. */
    WAITING,
    /** The pod can never be placed as asked; the reason is not resolvable. */
    REJECTED,
    /** Passed through untouched (not a gang pod). */
    PASSED,
    /** The decision failed with an error. */
    ERROR;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The informer an event or lag sample came from. */
  public enum InformerKind {
    POD,
    NODE,
    CONFIG_MAP,
    SPARK_APPLICATION,
    LEASE;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The kind of informer notification. */
  public enum InformerEvent {
    ADD,
    UPDATE,
    DELETE;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a write of reservation state to the API server ended. */
  public enum PersistResult {
    OK,
    /** Refused by optimistic concurrency (a newer write won). */
    CONFLICT,
    ERROR;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How many gangs are in each state right now. */
  public record GangCounts(long waiting, long reserved, long active) {}

  /**
   * Meters by their tags, so that a hot path (every filter and bind, every informer event) is one
   * map lookup instead of a builder, a tag sort and the registry's lookup per call (a timer's
   * builder also re-derives its SLO buckets).
   */
  private record MeterKey(String name, Object... tags) {
    @Override
    public boolean equals(Object o) {
      return o instanceof MeterKey k && name.equals(k.name) && Arrays.equals(tags, k.tags);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(tags);
    }
  }

  private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final Timer timeToFull;
  private final Counter nudges;
  private final Counter connections;
  private JvmGcMetrics gcMetrics;

  public ExtenderMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.timeToFull =
        Timer.builder(GANG_TIME_TO_FULL)
            .description("Time from driver pod creation to the last minimum executor bound")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(100))
            .maximumExpectedValue(Duration.ofMinutes(30))
            .register(registry);
    this.nudges =
        Counter.builder(NUDGES)
            .description("Waiting pods nudged so that kube-scheduler retries them")
            .register(registry);
    this.connections =
        Counter.builder(CONNECTIONS)
            .description("Connections clients opened to the main (verb) port")
            .register(registry);
    for (Verb verb : Verb.values()) {
      verbTimer(verb, VerbResult.OK);
    }
    policyReloadCounter(true);
    policyReloadCounter(false);
    for (PersistResult result : PersistResult.values()) {
      persistCounter(result);
    }
  }

  /** A registry that can {@link #scrape()}: what production uses. */
  public static ExtenderMetrics prometheus() {
    return new ExtenderMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text for {@code GET /metrics}; needs a Prometheus registry. */
  public String scrape() {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return prometheus.scrape();
    }
    throw new IllegalStateException("metrics registry is not Prometheus: " + registry.getClass());
  }

  /** Adds JVM and process meters (memory, GC, threads, class loading, CPU, uptime). */
  public synchronized void bindJvmMetrics() {
    if (gcMetrics != null) {
      return;
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
  }

  /** One verb request finished after {@code nanos}. */
  public void verbDone(Verb verb, VerbResult result, long nanos) {
    verbTimer(verb, result).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** One scheduling decision without a reason (admitted, placed, passed). */
  public void decision(Role role, Outcome outcome) {
    decisionCounter(role, outcome, "none").increment();
  }

  /** One scheduling decision with the reason it waits or fails. */
  public void decision(Role role, Outcome outcome, Reason reason) {
    decisionCounter(role, outcome, reason.tag()).increment();
  }

  /** Gauges {@code muster.gangs{state=waiting|reserved|active}}, read on every scrape. */
  public void registerGangGauges(Supplier<GangCounts> counts) {
    gauge(GANGS, "state", "waiting", counts, c -> c.waiting(), "Gangs by state");
    gauge(GANGS, "state", "reserved", counts, c -> c.reserved(), "Gangs by state");
    gauge(GANGS, "state", "active", counts, c -> c.active(), "Gangs by state");
  }

  /**
   * Gauges {@code muster.resources.reserved|claimed{resource=cpu|memory|pods}}: CPU in cores,
   * memory in bytes. Reserved is room held for gangs; claimed is the part bound pods now use.
   */
  public void registerResourceGauges(Supplier<Resources> reserved, Supplier<Resources> claimed) {
    resourceGauges(RESOURCES_RESERVED, reserved, "Room reserved for admitted gangs");
    resourceGauges(RESOURCES_CLAIMED, claimed, "Reserved room claimed by bound pods");
  }

  /** Whose code runs TLS's crypto in this process (see {@code MUSTER_TLS_CRYPTO}). */
  public enum TlsCrypto {
    NATIVE,
    JDK;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Gauge {@code muster.tls.crypto{provider=native|jdk}} = 1: a JVM on the JDK's crypto spends
   * several times the CPU on TLS (C1 only has no crypto intrinsics), so a dashboard should show it.
   */
  public void registerTlsCrypto(TlsCrypto crypto) {
    Gauge.builder(TLS_CRYPTO, () -> 1.0)
        .description("Whose code runs TLS crypto: native provider or the JDK's")
        .tag("provider", crypto.tag())
        .register(registry);
  }

  /** Gauge {@code muster.snapshot.generation}: the generation of the latest cluster snapshot. */
  public void registerSnapshotGeneration(LongSupplier generation) {
    Gauge.builder(SNAPSHOT_GENERATION, () -> (double) generation.getAsLong())
        .description("Generation of the latest cluster snapshot")
        .register(registry);
  }

  /** A gang became full: from driver creation to the last minimum executor bound. */
  public void gangTimeToFull(Duration elapsed) {
    timeToFull.record(elapsed);
  }

  /** The policy ConfigMap changed: {@code applied} or rejected (the last good policy stays). */
  public void policyReload(boolean applied) {
    policyReloadCounter(applied).increment();
  }

  /** How late an informer event arrived relative to the change it reports. */
  public void informerLag(InformerKind kind, Duration lag) {
    meter(
            new MeterKey(INFORMER_LAG, kind),
            () ->
                Timer.builder(INFORMER_LAG)
                    .description("Delay between a change in the cluster and its informer event")
                    .tag("kind", kind.tag())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(1))
                    .register(registry),
            Timer.class)
        .record(lag);
  }

  /** One informer notification. */
  public void informerEvent(InformerKind kind, InformerEvent type) {
    meter(
            new MeterKey(INFORMER_EVENTS, kind, type),
            () ->
                Counter.builder(INFORMER_EVENTS)
                    .description("Informer notifications")
                    .tag("kind", kind.tag())
                    .tag("type", type.tag())
                    .register(registry),
            Counter.class)
        .increment();
  }

  /** One write of reservation state. */
  public void persist(PersistResult result) {
    persistCounter(result).increment();
  }

  /**
   * A client opened a connection to the main port. A count that grows with the verb count means the
   * caller does not reuse connections: every bind then pays a TCP (and with mutual TLS, a
   * handshake) set-up.
   */
  public void connectionOpened() {
    connections.increment();
  }

  /** One waiting pod nudged. */
  public void nudge() {
    nudges.increment();
  }

  @Override
  public synchronized void close() {
    if (gcMetrics != null) {
      gcMetrics.close();
    }
  }

  private Timer verbTimer(Verb verb, VerbResult result) {
    return meter(
        new MeterKey(VERB_DURATION, verb, result),
        () ->
            Timer.builder(VERB_DURATION)
                .description("Time to answer one extender verb request")
                .tag("verb", verb.tag())
                .tag("result", result.tag())
                .serviceLevelObjectives(VERB_SLOS)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry),
        Timer.class);
  }

  private Counter decisionCounter(Role role, Outcome outcome, String reason) {
    return meter(
        new MeterKey(DECISIONS, role, outcome, reason),
        () ->
            Counter.builder(DECISIONS)
                .description("Scheduling decisions")
                .tag("role", role.tag())
                .tag("outcome", outcome.tag())
                .tag("reason", reason)
                .register(registry),
        Counter.class);
  }

  /** The meter registered under {@code key}, registering it on first use. */
  private <M extends Meter> M meter(MeterKey key, Supplier<M> register, Class<M> type) {
    Meter m = meters.get(key);
    if (m == null) {
      m = meters.computeIfAbsent(key, k -> register.get());
    }
    return type.cast(m);
  }

  private Counter policyReloadCounter(boolean applied) {
    return Counter.builder(POLICY_RELOADS)
        .description("Policy ConfigMap reloads")
        .tag("result", applied ? "applied" : "rejected")
        .register(registry);
  }

  private Counter persistCounter(PersistResult result) {
    return Counter.builder(PERSIST)
        .description("Writes of reservation state to the API server")
        .tag("result", result.tag())
        .register(registry);
  }

  private void resourceGauges(String name, Supplier<Resources> source, String description) {
    gauge(name, "resource", "cpu", source, r -> r.milliCpu() / 1000.0, description);
    gauge(name, "resource", "memory", source, r -> (double) r.memoryBytes(), description);
    gauge(name, "resource", "pods", source, r -> (double) r.pods(), description);
  }

  private <T> void gauge(
      String name,
      String tag,
      String value,
      Supplier<T> source,
      ToDoubleFunction<T> read,
      String description) {
    Gauge.builder(name, () -> read.applyAsDouble(source.get()))
        .description(description)
        .tag(tag, value)
        .register(registry);
  }
}
