package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The two reference extenders of the kube-scheduler throughput comparison, on 127.0.0.1 only:
 * {@link Mode#PASS_THROUGH} keeps every offered node and scores each 0; {@link Mode#ONE_NODE} keeps
 * exactly the first offered node (kube-scheduler then skips its Score phase). Both answer in the
 * mode they were asked (NodeNames or Nodes), list nothing as failed, and bind nothing ({@code bind}
 * only acknowledges: there is no API server behind them).
 */
public final class TrivialExtender implements AutoCloseable {
  /** What the filter keeps. */
  public enum Mode {
    PASS_THROUGH,
    ONE_NODE,
    /**
     * {@link #ONE_NODE}, but every other offered node is listed in {@code
     * FailedAndUnresolvableNodes} with a message as long as Muster's, as Muster's filter answers an
     * executor: isolates what that list costs kube-scheduler.
     */
    ONE_NODE_EXPLAINED
  }

  private static final int MAX_BODY = 64 << 20;

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY a large reply waits
    // for the client's delayed ACK (~40 ms per call on loopback). Read once, before any server.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService workers;

  private TrivialExtender(Mode mode, int port, int threads) throws IOException {
    this.server = HttpServer.create(new InetSocketAddress(Loopback.HOST, port), 64);
    this.workers = Executors.newFixedThreadPool(threads);
    server.setExecutor(workers);
    TrivialReplies replies = new TrivialReplies(mode);
    server.createContext("/filter", ex -> respond(ex, replies::filter));
    server.createContext("/prioritize", ex -> respond(ex, replies::prioritize));
    server.createContext(
        "/bind", ex -> respond(ex, args -> json.createObjectNode().put("Error", "")));
    // deploy/local starts an extender and waits for these before it starts kube-scheduler.
    server.createContext("/healthz", TrivialExtender::ok);
    server.createContext("/readyz", TrivialExtender::ok);
  }

  private static void ok(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = "ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  /** Starts on 127.0.0.1:{@code port} (0 picks a free port). */
  public static TrivialExtender start(Mode mode, int port) throws IOException {
    TrivialExtender e = new TrivialExtender(mode, port, 4);
    e.server.start();
    return e;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://" + Loopback.HOST + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  /**
   * {@code [--mode pass-through|one-node|one-node-explained] [--port 8889] [--max-seconds 3600]}:
   * serves until the time is up (every run is bounded). Also answers {@code GET /healthz} and
   * {@code /readyz}.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    java.util.Map<String, String> a = Flags.parse(args);
    Mode mode =
        switch (a.getOrDefault("--mode", "pass-through")) {
          case "pass-through" -> Mode.PASS_THROUGH;
          case "one-node" -> Mode.ONE_NODE;
          case "one-node-explained" -> Mode.ONE_NODE_EXPLAINED;
          default ->
              throw new IllegalArgumentException(
                  "--mode: pass-through, one-node or one-node-explained");
        };
    try (TrivialExtender e = start(mode, Flags.integer(a, "--port", 8889))) {
      System.out.println(mode + " extender on " + e.url());
      Thread.sleep(java.time.Duration.ofSeconds(Flags.integer(a, "--max-seconds", 3600)));
    }
  }

  private interface Verb {
    JsonNode answer(JsonNode args);
  }

  private void respond(HttpExchange ex, Verb verb) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      JsonNode args;
      try (InputStream in = ex.getRequestBody()) {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
          ex.sendResponseHeaders(413, -1);
          return;
        }
        args = json.readTree(body);
      } catch (IOException e) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      byte[] out = json.writeValueAsBytes(verb.answer(args == null ? json.nullNode() : args));
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }
}
