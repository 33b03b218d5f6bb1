package io.muster.extender.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The extender's start-up settings, read once from the environment ({@link #fromEnv}); every value
 * is validated and {@link #describe()} is safe to log (it holds file paths, never file contents).
 *
 * @param port TCP port for the extender verbs (and every other endpoint), behind TLS unless plain
 *     (0: any free port)
 * @param opsPort plain-HTTP port for {@code /healthz}, {@code /readyz} and {@code /metrics} only,
 *     so that kubelet probes and Prometheus need no client certificate (0: any free port)
 * @param bindAddress address both ports listen on
 * @param urlPrefix extra path prefix under which the verbs are also served ({@code ""}: none)
 * @param namespace where Muster's own objects live (policy ConfigMap, leases)
 * @param policyConfigMap name of the policy ConfigMap in {@code namespace}
 * @param maxBodyBytes largest request body accepted; larger gets HTTP 413
 * @param tls mutual TLS (the default) or plain HTTP (a development opt-in)
 * @param configMapWait longest time a driver's filter answer may wait for its Spark ConfigMap
 * @param maxViewAge oldest cluster view on which new gangs may still be admitted
 * @param verbTimeout deadline for answering one verb; must stay below kube-scheduler's httpTimeout
 * @param logLevel root log level
 * @param reservationWrite when a driver's reservation is written to the API: with its binding (the
 *     default; needs kube-scheduler's {@code bindVerb} pointed at Muster) or before the filter
 *     answer
 * @param tlsCrypto whose code encrypts TLS: a native provider (the default, when it loads on this
 *     platform) or the JDK's
 */
public record ExtenderConfig(
    int port,
    int opsPort,
    String bindAddress,
    String urlPrefix,
    String namespace,
    String policyConfigMap,
    long maxBodyBytes,
    Tls tls,
    Duration configMapWait,
    Duration maxViewAge,
    Duration verbTimeout,
    LogLevel logLevel,
    ReservationWrite reservationWrite,
    TlsCrypto tlsCrypto) {

  public static final String PORT = "MUSTER_PORT";
  public static final String OPS_PORT = "MUSTER_OPS_PORT";
  public static final String BIND_ADDRESS = "MUSTER_BIND_ADDRESS";
  public static final String URL_PREFIX = "MUSTER_URL_PREFIX";
  public static final String NAMESPACE = "MUSTER_NAMESPACE";
  public static final String POLICY_CONFIGMAP = "MUSTER_POLICY_CONFIGMAP";
  public static final String MAX_BODY_BYTES = "MUSTER_MAX_BODY_BYTES";
  public static final String TLS_MODE = "MUSTER_TLS_MODE";
  public static final String TLS_CERT = "MUSTER_TLS_CERT";
  public static final String TLS_KEY = "MUSTER_TLS_KEY";
  public static final String TLS_CLIENT_CA = "MUSTER_TLS_CLIENT_CA";
  public static final String CONFIGMAP_WAIT = "MUSTER_CONFIGMAP_WAIT";
  public static final String MAX_VIEW_AGE = "MUSTER_MAX_VIEW_AGE";
  public static final String VERB_TIMEOUT = "MUSTER_VERB_TIMEOUT";
  public static final String LOG_LEVEL = "MUSTER_LOG_LEVEL";
  public static final String RESERVATION_WRITE = "MUSTER_RESERVATION_WRITE";
  public static final String TLS_CRYPTO = "MUSTER_TLS_CRYPTO";

  /** Every key {@link #fromEnv} reads. */
  public static final List<String> KEYS =
      List.of(
          PORT,
          OPS_PORT,
          BIND_ADDRESS,
          URL_PREFIX,
          NAMESPACE,
          POLICY_CONFIGMAP,
          MAX_BODY_BYTES,
          TLS_MODE,
          TLS_CERT,
          TLS_KEY,
          TLS_CLIENT_CA,
          CONFIGMAP_WAIT,
          MAX_VIEW_AGE,
          VERB_TIMEOUT,
          LOG_LEVEL,
          RESERVATION_WRITE,
          TLS_CRYPTO);

  public static final int DEFAULT_PORT = 8888;
  public static final int DEFAULT_OPS_PORT = 8889;

  /**
   * 32 MiB. With {@code nodeCacheCapable: true} (the shipped setting) a filter body is one Pod plus
   * node names: about 10 KiB + 20 bytes per node, so 5,000 nodes need ~110 KiB. With {@code
   * nodeCacheCapable: false} every offered Node object is inlined; real Nodes weigh 10-30 KiB (50
   * image entries and managedFields), so 32 MiB covers about 1,000-3,000 offered nodes. Larger
   * clusters must use nodeCacheCapable (or raise this and the heap: the body and its decoded tree
   * are held in memory together, about 4x the body).
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;

  public static final long MAX_MAX_BODY_BYTES = 1L << 30;
  public static final Duration DEFAULT_CONFIGMAP_WAIT = Duration.ofMillis(400);
  public static final Duration MAX_CONFIGMAP_WAIT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_MAX_VIEW_AGE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_VERB_TIMEOUT = Duration.ofSeconds(4);

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%\\[\\]-]{1,255}");
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)*");
  private static final Pattern SERVICE_LINK = Pattern.compile("(tcp|udp|sctp)://.*");

  /** How the server talks to kube-scheduler. */
  public sealed interface Tls {
    /** HTTPS that requires a client certificate signed by {@code clientCa} (PEM files). */
    record Mtls(Path cert, Path key, Path clientCa) implements Tls {
      public Mtls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clientCa, "clientCa");
      }
    }

    /** Plain HTTP, no authentication: only for local development and tests. */
    record Plain() implements Tls {}
  }

  /** Values of {@code MUSTER_TLS_MODE}. */
  public enum TlsMode {
    MTLS,
    PLAIN
  }

  /**
   * Values of {@code MUSTER_RESERVATION_WRITE}: when the reservation that admits a gang reaches the
   * API.
   */
  public enum ReservationWrite {
    /**
     * In the driver's Binding (the pods/binding subresource copies its annotations onto the pod in
     * the same write): the filter answer waits for no API call. Requires kube-scheduler to bind
     * through Muster ({@code bindVerb}), as every shipped configuration does.
     */
    BIND,
    /** A PATCH of the driver pod before the filter answer; for configurations without bindVerb. */
    FILTER
  }

  /**
   * Values of {@code MUSTER_TLS_CRYPTO}: whose code runs TLS's ciphers, key exchanges and
   * signatures, on both the verbs' port and the connections to the API server.
   */
  public enum TlsCrypto {
    /**
     * A native JCA provider ahead of the JDK's, when it loads and passes its self-tests on this
     * platform (otherwise the JDK's, with a warning): Muster's C1-only JVM lacks the JDK's crypto
     * intrinsics.
     */
    NATIVE,
    /** The JDK's own providers only. */
    JDK
  }

  /** Values of {@code MUSTER_LOG_LEVEL}. */
  public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  public ExtenderConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(urlPrefix, "urlPrefix");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(policyConfigMap, "policyConfigMap");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(configMapWait, "configMapWait");
    Objects.requireNonNull(maxViewAge, "maxViewAge");
    Objects.requireNonNull(verbTimeout, "verbTimeout");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(reservationWrite, "reservationWrite");
    Objects.requireNonNull(tlsCrypto, "tlsCrypto");
  }

  /**
   * Reads and validates every setting; throws one {@link ConfigException} naming all violations.
   * Pass {@code System.getenv()} in production.
   */
  public static ExtenderConfig fromEnv(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    int port = port(r);
    int opsPort = r.integer(OPS_PORT, DEFAULT_OPS_PORT, 0, 65535);
    if (opsPort == port && port != 0) {
      r.violation(OPS_PORT, "must differ from " + PORT + " (" + port + ")");
    }
    String bind = r.text(BIND_ADDRESS, "0.0.0.0", HOST, "a host or address");
    String prefix = r.text(URL_PREFIX, "", PREFIX, "a path prefix like /muster");
    String namespace = r.text(NAMESPACE, "muster", DNS_LABEL, "a valid namespace name");
    String policy = r.text(POLICY_CONFIGMAP, "muster-policies", DNS_SUBDOMAIN, "a ConfigMap name");
    long maxBody = r.bytes(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, MAX_MAX_BODY_BYTES);
    Tls tls = tls(r);
    Duration wait =
        r.duration(CONFIGMAP_WAIT, DEFAULT_CONFIGMAP_WAIT, Duration.ZERO, MAX_CONFIGMAP_WAIT);
    Duration viewAge =
        r.duration(
            MAX_VIEW_AGE, DEFAULT_MAX_VIEW_AGE, Duration.ofSeconds(1), Duration.ofMinutes(10));
    Duration verbTimeout =
        r.duration(
            VERB_TIMEOUT, DEFAULT_VERB_TIMEOUT, Duration.ofMillis(100), Duration.ofSeconds(30));
    if (verbTimeout.compareTo(wait) <= 0) {
      r.violation(
          VERB_TIMEOUT,
          "must be longer than "
              + CONFIGMAP_WAIT
              + " ("
              + StrictDuration.format(wait)
              + "), got "
              + StrictDuration.format(verbTimeout));
    }
    LogLevel level = r.choice(LOG_LEVEL, LogLevel.class, LogLevel.INFO);
    ReservationWrite write =
        r.choice(RESERVATION_WRITE, ReservationWrite.class, ReservationWrite.BIND);
    TlsCrypto crypto = r.choice(TLS_CRYPTO, TlsCrypto.class, TlsCrypto.NATIVE);
    if (!r.violations().isEmpty()) {
      throw new ConfigException(r.violations());
    }
    return new ExtenderConfig(
        port,
        opsPort,
        bind,
        prefix,
        namespace,
        policy,
        maxBody,
        tls,
        wait,
        viewAge,
        verbTimeout,
        level,
        write,
        crypto);
  }

  private static int port(EnvReader r) {
    Optional<String> raw = r.raw(PORT);
    if (raw.isPresent() && SERVICE_LINK.matcher(raw.get()).matches()) {
      // Kubernetes injects MUSTER_PORT=tcp://ip:port into pods when a Service named "muster"
      // exists in the namespace (service links); say so instead of "not an int".
      r.violation(
          PORT,
          "\""
              + raw.get()
              + "\" is a Kubernetes service link (a Service named \"muster\");"
              + " set enableServiceLinks: false in the pod spec, or set "
              + PORT
              + " explicitly");
      return DEFAULT_PORT;
    }
    return r.integer(PORT, DEFAULT_PORT, 0, 65535);
  }

  private static Tls tls(EnvReader r) {
    TlsMode mode = r.choice(TLS_MODE, TlsMode.class, TlsMode.MTLS);
    List<String> files = List.of(TLS_CERT, TLS_KEY, TLS_CLIENT_CA);
    if (mode == TlsMode.PLAIN) {
      for (String key : files) {
        if (r.raw(key).isPresent()) {
          r.violation(key, "set, but " + TLS_MODE + "=plain (remove it, or use mtls)");
        }
      }
      return new Tls.Plain();
    }
    String because = "when " + TLS_MODE + "=mtls (the default; plain is a development opt-in)";
    Optional<Path> cert = r.readableFile(TLS_CERT, because);
    Optional<Path> key = r.readableFile(TLS_KEY, because);
    Optional<Path> ca = r.readableFile(TLS_CLIENT_CA, because);
    if (cert.isEmpty() || key.isEmpty() || ca.isEmpty()) {
      return new Tls.Plain(); // never used: fromEnv throws because of the recorded violation
    }
    return new Tls.Mtls(cert.get(), key.get(), ca.get());
  }

  /**
   * {@code MUSTER_*} keys that {@link #fromEnv} does not read, leaving out Kubernetes service-link
   * variables; worth a WARN at start-up because they are usually typos.
   */
  public static List<String> unknownKeys(Map<String, String> env) {
    return env.keySet().stream()
        .filter(k -> k.startsWith("MUSTER_") && !KEYS.contains(k))
        .filter(k -> !k.startsWith("MUSTER_SERVICE_") && !k.matches("MUSTER_PORT_\\d+_.*"))
        .sorted()
        .toList();
  }

  /** One line for the start-up log: every setting, file paths but no secrets. */
  public String describe() {
    String transport =
        switch (tls) {
          case Tls.Mtls m ->
              "mtls(cert=" + m.cert() + " key=" + m.key() + " clientCa=" + m.clientCa() + ")";
          case Tls.Plain p -> "plain(development only: no TLS, no client authentication)";
        };
    return String.format(
        Locale.ROOT,
        "port=%d opsPort=%d bind=%s urlPrefix=\"%s\" namespace=%s policyConfigMap=%s maxBodyBytes=%d"
            + " tls=%s configMapWait=%s maxViewAge=%s verbTimeout=%s logLevel=%s"
            + " reservationWrite=%s tlsCrypto=%s",
        port,
        opsPort,
        bindAddress,
        urlPrefix,
        namespace,
        policyConfigMap,
        maxBodyBytes,
        transport,
        StrictDuration.format(configMapWait),
        StrictDuration.format(maxViewAge),
        StrictDuration.format(verbTimeout),
        logLevel,
        reservationWrite.name().toLowerCase(Locale.ROOT),
        tlsCrypto.name().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "ExtenderConfig[" + describe() + "]";
  }
}
