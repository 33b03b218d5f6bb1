package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.extender.api.ExtenderBackend;
import io.muster.extender.api.Readiness;
import io.muster.extender.config.ExtenderConfig;
import io.muster.extender.metrics.ExtenderMetrics;
import io.muster.extender.tls.NativeCrypto;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default transport: HTTPS that requires a client certificate signed by the configured CA. A
 * caller without one, or with one from another CA, never reaches a route.
 */
@ExtendWith(VertxExtension.class)
class MutualTlsTest {
  @TempDir static Path dir;
  private static TestCertificates certs;

  private StubVerbs verbs;
  private ExtenderServer server;
  private final ExtenderMetrics metrics = ExtenderMetrics.prometheus();

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = new TestCertificates(dir);
    // The shipped default (MUSTER_TLS_CRYPTO=native): these handshakes run on the native provider.
    NativeCrypto.install(true);
  }

  @AfterAll
  static void restoreTheJdkProviders() {
    Security.removeProvider("AmazonCorrettoCryptoProvider");
  }

  @BeforeEach
  void start(Vertx vertx) {
    Map<String, String> env = new HashMap<>();
    env.put(ExtenderConfig.PORT, "0");
    env.put(ExtenderConfig.OPS_PORT, "0");
    env.put(ExtenderConfig.BIND_ADDRESS, "127.0.0.1");
    env.put(ExtenderConfig.TLS_CERT, certs.serverCert.toString());
    env.put(ExtenderConfig.TLS_KEY, certs.serverKey.toString());
    env.put(ExtenderConfig.TLS_CLIENT_CA, certs.caCert.toString());
    ExtenderConfig config = ExtenderConfig.fromEnv(env); // MUSTER_TLS_MODE unset: mtls
    assertThat(config.tls()).isInstanceOf(ExtenderConfig.Tls.Mtls.class);
    verbs = new StubVerbs();
    server =
        new ExtenderServer(
            vertx,
            config,
            new ExtenderBackend(verbs, new NoInspector(), Readiness.always()),
            metrics);
    TestServer.await(server.start());
  }

  @Test
  void aClientWithACertificateFromTheCaIsServed(Vertx vertx) {
    WebClient client = client(vertx, Optional.of(trustedIdentity()));

    HttpResponse<Buffer> response =
        TestServer.await(
            client
                .post("/filter")
                .sendBuffer(Buffer.buffer(FilterRouteTest.namesRequest().toString())));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(verbs.filterCalls).hasSize(1);
  }

  /**
   * kube-scheduler keeps only two idle HTTP/1.1 connections to an extender and binds concurrently,
   * so over HTTP/1.1 most binds opened a connection and paid a mutual-TLS handshake. Offered h2 by
   * ALPN, a client multiplexes every call over one connection.
   */
  @Test
  void aClientOfferingHttp2GetsItAndKeepsOneConnectionForConcurrentCalls(Vertx vertx) {
    WebClient client =
        WebClient.create(
            vertx,
            options(Optional.of(trustedIdentity()))
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setUseAlpn(true)
                .setHttp2MaxPoolSize(1));
    double before = connections();

    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(
          client
              .post("/filter")
              .sendBuffer(Buffer.buffer(FilterRouteTest.namesRequest().toString())));
    }
    TestServer.await(Future.all(calls));

    assertThat(calls)
        .allSatisfy(
            c -> {
              assertThat(c.result().statusCode()).isEqualTo(200);
              assertThat(c.result().version()).isEqualTo(HttpVersion.HTTP_2);
            });
    assertThat(verbs.filterCalls).hasSize(10);
    assertThat(connections() - before).isEqualTo(1.0);
  }

  @Test
  void anHttp11ClientIsStillServedAndEachOfItsConnectionsIsCounted(Vertx vertx) {
    double before = connections();
    for (int i = 0; i < 3; i++) {
      // A fresh client per call: a fresh connection, as kube-scheduler's surplus binds get.
      WebClient client = client(vertx, Optional.of(trustedIdentity()));
      HttpResponse<Buffer> response = TestServer.await(client.get("/healthz").send());
      assertThat(response.version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThat(response.statusCode()).isEqualTo(200);
      client.close();
    }

    assertThat(connections() - before).isEqualTo(3.0);
  }

  @Test
  void aClientWithoutACertificateIsRefused(Vertx vertx) {
    WebClient client = client(vertx, Optional.empty());

    Throwable refused =
        failure(
            client
                .post("/filter")
                .sendBuffer(Buffer.buffer(FilterRouteTest.namesRequest().toString())));

    assertThat(refused).isNotNull();
    assertThat(verbs.filterCalls).isEmpty();
  }

  @Test
  void aClientWithACertificateFromAnotherCaIsRefused(Vertx vertx) {
    WebClient client =
        client(
            vertx,
            Optional.of(
                new PemKeyCertOptions()
                    .setCertPath(certs.rogueCert.toString())
                    .setKeyPath(certs.rogueKey.toString())));

    Throwable refused = failure(client.get("/debug/gangs").send());

    assertThat(refused).isNotNull();
  }

  @Test
  void plainHttpToTheTlsPortIsRefused(Vertx vertx) {
    WebClient plain =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));

    Throwable refusedOrBadReply;
    try {
      HttpResponse<Buffer> response =
          plain
              .get("/healthz")
              .send()
              .toCompletionStage()
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
      refusedOrBadReply =
          response.statusCode() == 200 ? null : new IllegalStateException("not served");
    } catch (Exception e) {
      refusedOrBadReply = e;
    }

    assertThat(refusedOrBadReply).isNotNull();
  }

  @Test
  void probesAndScrapersUseThePlainOpsPortWithoutACertificate(Vertx vertx) {
    WebClient ops =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.opsPort()));

    assertThat(TestServer.await(ops.get("/readyz").send()).statusCode()).isEqualTo(200);
    assertThat(TestServer.await(ops.get("/metrics").send()).statusCode()).isEqualTo(200);
  }

  @Test
  void startFailsClearlyWhenTheKeyDoesNotMatchAPemFile(Vertx vertx) {
    Map<String, String> env = new HashMap<>();
    env.put(ExtenderConfig.PORT, "0");
    env.put(ExtenderConfig.OPS_PORT, "0");
    env.put(ExtenderConfig.BIND_ADDRESS, "127.0.0.1");
    env.put(ExtenderConfig.TLS_CERT, certs.serverCert.toString());
    env.put(ExtenderConfig.TLS_KEY, certs.caCert.toString()); // a certificate, not a key
    env.put(ExtenderConfig.TLS_CLIENT_CA, certs.caCert.toString());
    ExtenderServer broken =
        new ExtenderServer(
            vertx,
            ExtenderConfig.fromEnv(env),
            new ExtenderBackend(new StubVerbs(), new NoInspector(), Readiness.always()),
            ExtenderMetrics.prometheus());

    Throwable failure = failure(broken.start());

    assertThat(failure).isNotNull();
    assertThat(broken.port()).isZero();
  }

  /** kube-scheduler's client certificate, signed by the CA the server trusts. */
  private static PemKeyCertOptions trustedIdentity() {
    return new PemKeyCertOptions()
        .setCertPath(certs.clientCert.toString())
        .setKeyPath(certs.clientKey.toString());
  }

  private double connections() {
    return metrics.registry().get(ExtenderMetrics.CONNECTIONS).counter().count();
  }

  private WebClient client(Vertx vertx, Optional<PemKeyCertOptions> identity) {
    return WebClient.create(vertx, options(identity));
  }

  private WebClientOptions options(Optional<PemKeyCertOptions> identity) {
    WebClientOptions options =
        new WebClientOptions()
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(server.port())
            .setSsl(true)
            .setVerifyHost(true)
            .setTrustOptions(new PemTrustOptions().addCertPath(certs.caCert.toString()));
    identity.ifPresent(options::setKeyCertOptions);
    return options;
  }

  private static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("neither served nor refused within 20 s", e);
    }
  }

  private static final class NoInspector implements io.muster.extender.api.Inspector {
    @Override
    public Object gangs() {
      return Map.of();
    }

    @Override
    public Optional<Object> explain(String namespace, String pod) {
      return Optional.empty();
    }
  }
}
