package io.muster.extender.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.muster.extender.http.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer client against a TLS server that offers h2 by ALPN, as kube-apiserver does: with
 * {@link Http2ApiClientFactory} concurrent requests share one HTTP/2 connection; fabric8's default
 * factory speaks HTTP/1.1 and opens a connection per concurrent request.
 */
class Http2ApiClientFactoryTest {
  private static final int CONCURRENT = 16;

  @TempDir static Path dir;
  private static TestCertificates certs;

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<HttpVersion> versions = ConcurrentHashMap.newKeySet();
  private final Set<String> authorizations = ConcurrentHashMap.newKeySet();
  private final ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT);

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = new TestCertificates(dir);
  }

  @AfterEach
  void stop() throws Exception {
    callers.shutdownNow();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void concurrentRequestsShareOneHttp2Connection() throws Exception {
    int port = apiServer(true);

    String url = "https://127.0.0.1:" + port;
    assertThat(Http2ApiClientFactory.forApiServer(url, null))
        .isInstanceOf(Http2ApiClientFactory.class);

    List<Pod> pods = concurrentGets(client(url, Http2ApiClientFactory.forApiServer(url, null)));

    assertThat(pods).extracting(p -> p.getMetadata().getName()).hasSize(CONCURRENT);
    assertThat(versions).containsExactly(HttpVersion.HTTP_2);
    assertThat(connections).hasValue(1);
    assertThat(authorizations).containsExactly("Bearer writer-token");
  }

  @Test
  void onTheServersVertxARequestMadeOnAnEventLoopIsAnsweredOnThatLoop() throws Exception {
    int port = apiServer(true);
    String url = "https://127.0.0.1:" + port;
    CompletableFuture<Thread> sentOn = new CompletableFuture<>();
    CompletableFuture<Thread> answeredOn = new CompletableFuture<>();

    try (KubernetesClient client = client(url, Http2ApiClientFactory.forApiServer(url, vertx))) {
      HttpClient http = client.getHttpClient();
      vertx.runOnContext(
          v -> {
            sentOn.complete(Thread.currentThread());
            http.sendAsync(
                    http.newHttpRequestBuilder()
                        .uri(url + "/api/v1/namespaces/spark/pods/p0")
                        .build(),
                    String.class)
                .whenComplete(
                    (response, error) -> {
                      if (error != null) {
                        answeredOn.completeExceptionally(error);
                      } else if (response.code() != 200) {
                        answeredOn.completeExceptionally(
                            new AssertionError("HTTP " + response.code()));
                      } else {
                        answeredOn.complete(Thread.currentThread());
                      }
                    });
          });

      // The same Thread object, not just the same name: fabric8's own Vert.x names its loops alike.
      assertThat(answeredOn.get(10, TimeUnit.SECONDS)).isSameAs(sentOn.get());
    }
    assertThat(versions).containsExactly(HttpVersion.HTTP_2);
  }

  @Test
  void fabric8sDefaultFactorySpeaksHttp11AndOpensAConnectionPerConcurrentRequest()
      throws Exception {
    int port = apiServer(true);

    List<Pod> pods =
        concurrentGets(client("https://127.0.0.1:" + port, new VertxHttpClientFactory()));

    assertThat(pods).hasSize(CONCURRENT);
    assertThat(versions).containsExactly(HttpVersion.HTTP_1_1);
    assertThat(connections.get()).isGreaterThan(1);
  }

  @Test
  void aPlainHttpApiServerGetsFabric8sClientOverHttp11() throws Exception {
    int port = apiServer(false);

    String url = "http://127.0.0.1:" + port;
    List<Pod> pods = concurrentGets(client(url, Http2ApiClientFactory.forApiServer(url, null)));

    assertThat(pods).hasSize(CONCURRENT);
    assertThat(versions).containsExactly(HttpVersion.HTTP_1_1);
  }

  /** A stand-in for kube-apiserver's pod GET that holds each answer briefly, so calls overlap. */
  private int apiServer(boolean tls) throws Exception {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0);
    if (tls) {
      options
          .setSsl(true)
          .setUseAlpn(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(certs.serverCert.toString())
                  .setKeyPath(certs.serverKey.toString()));
    }
    HttpServer server =
        vertx
            .createHttpServer(options)
            .connectionHandler(c -> connections.incrementAndGet())
            .requestHandler(
                req -> {
                  versions.add(req.version());
                  authorizations.add(String.valueOf(req.getHeader("Authorization")));
                  String name = req.path().substring(req.path().lastIndexOf('/') + 1);
                  vertx.setTimer(
                      50,
                      t ->
                          req.response()
                              .putHeader("Content-Type", "application/json")
                              .end(
                                  "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
                                      + name
                                      + "\",\"namespace\":\"spark\"}}"));
                });
    return server
        .listen()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private static KubernetesClient client(String url, HttpClient.Factory factory) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withCaCertFile(certs.caCert.toString())
            .withOauthToken("writer-token")
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(factory).build();
  }

  private List<Pod> concurrentGets(KubernetesClient client) throws Exception {
    try (client) {
      List<CompletableFuture<Pod>> calls =
          IntStream.range(0, CONCURRENT)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () -> client.pods().inNamespace("spark").withName("p" + i).get(),
                          callers))
              .toList();
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      return calls.stream().map(CompletableFuture::join).toList();
    }
  }
}
