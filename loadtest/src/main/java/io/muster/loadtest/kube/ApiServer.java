package io.muster.loadtest.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A small Kubernetes REST client for the load tools: JSON over HTTP/2 to a loopback API server, as
 * deploy/local's admin (client certificate). Blocking calls, meant for virtual threads; every call
 * has a timeout. Only {@code https://127.0.0.1:<port>} is accepted.
 */
public final class ApiServer {
  /** One answer: the HTTP status and the parsed body ({@link NullNode} when empty). */
  public record Response(int code, JsonNode body) {
    public boolean ok() {
      return code >= 200 && code < 300;
    }

    /** The body, or an exception naming what failed. */
    public JsonNode require(String what) {
      if (!ok()) {
        throw new IllegalStateException(
            what + ": HTTP " + code + " " + body.path("message").asText(body.toString()));
      }
      return body;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http;
  private final HttpClient watches;

  private ApiServer(URI base, HttpClient http, HttpClient watches) {
    this.base = base;
    this.http = http;
    this.watches = watches;
  }

  /**
   * Connects with the settings of deploy/local's {@code run/env}: {@code APISERVER_URL}, {@code
   * CA_CERT}, {@code ADMIN_CERT}, {@code ADMIN_KEY}.
   */
  public static ApiServer fromEnvFile(Path envFile) {
    Map<String, String> env = readEnv(envFile);
    URI url = URI.create(required(env, "APISERVER_URL", envFile));
    if (!"https".equals(url.getScheme()) || !"127.0.0.1".equals(url.getHost())) {
      throw new IllegalArgumentException("only https://127.0.0.1:<port> is allowed, got " + url);
    }
    javax.net.ssl.SSLContext ssl =
        PemCredentials.context(
            Path.of(required(env, "CA_CERT", envFile)),
            Path.of(required(env, "ADMIN_CERT", envFile)),
            Path.of(required(env, "ADMIN_KEY", envFile)));
    HttpClient.Builder b =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(ssl);
    // Watches get their own HTTP/1.1 connection: a watch sharing the HTTP/2 connection of hundreds
    // of concurrent creates stopped receiving events mid-run (seen here with the JDK 25 client).
    return new ApiServer(
        url,
        b.version(HttpClient.Version.HTTP_2).build(),
        b.version(HttpClient.Version.HTTP_1_1).build());
  }

  /** Plain {@code KEY=value} lines; comments and blanks skipped. */
  public static Map<String, String> readEnv(Path envFile) {
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(envFile)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + envFile, e);
    }
    return env;
  }

  private static String required(Map<String, String> env, String key, Path file) {
    String v = env.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(file + " has no " + key);
    }
    return v;
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  public Response post(String path, JsonNode body) {
    return send("POST", path, body, "application/json");
  }

  /** A JSON merge patch ({@code application/merge-patch+json}). */
  public Response mergePatch(String path, JsonNode body) {
    return send("PATCH", path, body, "application/merge-patch+json");
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null);
  }

  /** Percent-encodes a query value such as a label selector. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private Response send(String method, String path, JsonNode body, String contentType) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(CALL_TIMEOUT)
              .header("Accept", "application/json");
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode parsed = r.body().length == 0 ? NullNode.getInstance() : JSON.readTree(r.body());
      return new Response(r.statusCode(), parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path + ": interrupted", e);
    }
  }

  /** A running watch; {@link #close()} stops it. */
  public interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Watches {@code path} (a collection, with its query, without {@code watch=}) from {@code
   * resourceVersion} on a virtual thread, handing every event ({@code {"type", "object"}}) to
   * {@code onEvent} in order, until {@code timeout} or {@link Watch#close()}. A watch the server
   * ends early is resumed from the last resourceVersion seen, as an informer does; when that
   * version is gone (410), from the current state, whose objects then come again as ADDED, so
   * {@code onEvent} must be idempotent.
   */
  public Watch watch(
      String path, String resourceVersion, Duration timeout, Consumer<JsonNode> onEvent) {
    AtomicBoolean closed = new AtomicBoolean();
    Stream<String>[] lines = newStreamHolder();
    long deadline = System.nanoTime() + timeout.toNanos();
    Thread reader =
        Thread.ofVirtual()
            .name("watch " + path)
            .start(
                () -> {
                  String rv = resourceVersion;
                  while (!closed.get() && System.nanoTime() < deadline) {
                    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
                    rv = watchOnce(path, rv, left, closed, lines, onEvent);
                  }
                });
    return () -> {
      closed.set(true);
      synchronized (lines) {
        if (lines[0] != null) {
          lines[0].close();
        }
      }
      reader.interrupt();
    };
  }

  /** One watch request; returns the resourceVersion to resume from ("" after a 410). */
  private String watchOnce(
      String path,
      String resourceVersion,
      long timeoutSeconds,
      AtomicBoolean closed,
      Stream<String>[] lines,
      Consumer<JsonNode> onEvent) {
    String sep = path.contains("?") ? "&" : "?";
    URI uri =
        base.resolve(
            path
                + sep
                + "watch=true&allowWatchBookmarks=true&resourceVersion="
                + encode(resourceVersion)
                + "&timeoutSeconds="
                + timeoutSeconds);
    String[] rv = {resourceVersion};
    try {
      HttpResponse<Stream<String>> r =
          watches.send(
              HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofLines());
      if (r.statusCode() != 200) {
        r.body().close();
        throw new IllegalStateException("watch " + path + ": HTTP " + r.statusCode());
      }
      synchronized (lines) {
        lines[0] = r.body();
      }
      r.body()
          .takeWhile(l -> !closed.get())
          .filter(l -> !l.isBlank())
          .forEach(
              l -> {
                JsonNode event;
                try {
                  event = JSON.readTree(l);
                } catch (IOException e) {
                  throw new UncheckedIOException("watch " + path + ": bad event", e);
                }
                if ("ERROR".equals(event.path("type").asText())) {
                  // 410 Gone: the version is too old to resume from; start from the present.
                  rv[0] = "";
                  return;
                }
                String v = event.path("object").path("metadata").path("resourceVersion").asText("");
                if (!v.isEmpty()) {
                  rv[0] = v;
                }
                if (!"BOOKMARK".equals(event.path("type").asText())) {
                  onEvent.accept(event);
                }
              });
      if (!closed.get()) {
        System.err.println("watch " + path + " ended by the server; resuming at " + rv[0]);
      }
    } catch (IOException | RuntimeException e) {
      if (!closed.get()) {
        System.err.println("watch " + path + " interrupted, resuming: " + e);
        sleepQuietly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed.set(true);
    }
    return rv[0];
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("unchecked")
  private static Stream<String>[] newStreamHolder() {
    return (Stream<String>[]) new Stream<?>[1];
  }
}
