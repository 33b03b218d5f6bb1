package io.muster.extender.http;

import io.muster.extender.api.ExtenderBackend;
import io.muster.extender.config.ExtenderConfig;
import io.muster.extender.metrics.ExtenderMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extender's HTTP servers: the main port (verbs, health, metrics, {@code /debug/gangs}, {@code
 * /explain}), over mutual TLS unless the configuration opts into plain HTTP, and the plain ops port
 * (health and metrics only). Start once, stop once.
 *
 * <pre>{@code
 * ExtenderServer server = new ExtenderServer(vertx, config, backend, metrics);
 * server.start().toCompletionStage().toCompletableFuture().get(30, SECONDS);
 * log.info("listening on {} (ops {})", server.port(), server.opsPort());
 * }</pre>
 */
public final class ExtenderServer {
  private static final Logger LOG = LoggerFactory.getLogger(ExtenderServer.class);
  private static final int IDLE_TIMEOUT_SECONDS = 300;

  private final Vertx vertx;
  private final ExtenderConfig config;
  private final ExtenderBackend backend;
  private final ExtenderMetrics metrics;
  private HttpServer main;
  private HttpServer ops;

  public ExtenderServer(
      Vertx vertx, ExtenderConfig config, ExtenderBackend backend, ExtenderMetrics metrics) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Listens on both ports; fails (and listens on neither) if a port is taken or the TLS files do
   * not load.
   */
  public synchronized Future<Void> start() {
    if (main != null) {
      return Future.failedFuture(new IllegalStateException("already started"));
    }
    HttpServer mainServer =
        vertx
            .createHttpServer(mainOptions(config))
            .connectionHandler(c -> metrics.connectionOpened())
            .requestHandler(ServerRoutes.main(vertx, config, backend, metrics));
    HttpServer opsServer =
        vertx
            .createHttpServer(plainOptions(config).setPort(config.opsPort()))
            .requestHandler(ServerRoutes.ops(vertx, backend, metrics));
    main = mainServer;
    ops = opsServer;
    return mainServer
        .listen()
        .compose(m -> opsServer.listen())
        .<Void>mapEmpty()
        .onSuccess(
            v ->
                LOG.info(
                    "extender listening on {}:{} ({}), ops on {}",
                    config.bindAddress(),
                    mainServer.actualPort(),
                    config.tls() instanceof ExtenderConfig.Tls.Mtls ? "mtls" : "plain HTTP",
                    opsServer.actualPort()))
        .recover(
            e -> {
              synchronized (this) {
                main = null;
                ops = null;
              }
              return closeBoth(mainServer, opsServer).transform(x -> Future.<Void>failedFuture(e));
            });
  }

  /** The main port actually bound (useful with port 0); 0 before {@link #start()} succeeded. */
  public int port() {
    HttpServer server = main;
    return server == null ? 0 : server.actualPort();
  }

  /** The ops port actually bound; 0 before {@link #start()} succeeded. */
  public int opsPort() {
    HttpServer server = ops;
    return server == null ? 0 : server.actualPort();
  }

  /** Stops accepting requests on both ports. */
  public synchronized Future<Void> stop() {
    if (main == null) {
      return Future.succeededFuture();
    }
    return closeBoth(main, ops);
  }

  private static Future<Void> closeBoth(HttpServer first, HttpServer second) {
    Future<Void> a = first.close();
    Future<Void> b = second.close();
    return Future.join(a, b).mapEmpty();
  }

  static HttpServerOptions mainOptions(ExtenderConfig config) {
    HttpServerOptions options = plainOptions(config).setPort(config.port());
    if (config.tls() instanceof ExtenderConfig.Tls.Mtls mtls) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(mtls.cert().toString())
                  .setKeyPath(mtls.key().toString()))
          .setTrustOptions(new PemTrustOptions().addCertPath(mtls.clientCa().toString()))
          .setClientAuth(ClientAuth.REQUIRED)
          .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
          // kube-scheduler's extender client keeps only two idle HTTP/1.1 connections (Go's
          // default MaxIdleConnsPerHost), and its binding cycles call /bind concurrently: over
          // HTTP/1.1 almost every bind paid a new connection and a full mutual-TLS handshake.
          // Offered h2, it multiplexes every verb over one connection.
          .setUseAlpn(true);
    }
    return options;
  }

  private static HttpServerOptions plainOptions(ExtenderConfig config) {
    return new HttpServerOptions()
        .setHost(config.bindAddress())
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS);
  }
}
