package io.muster.extender.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One call recorded from a real kube-scheduler: {@code verb}, {@code method}, {@code path},
 * headers, {@code request}. Under {@code src/test/resources/wire/}: {@code kube-scheduler/}
 * (hand-written Spark-shaped pods, both nodeCacheCapable modes; see its README) and {@code spark/}
 * (pods made by Spark 4.0.1 itself, copied from the shared fixtures' {@code spark/<run>/extender/}
 * folders).
 */
record RecordedCall(
    String name,
    String verb,
    String method,
    String path,
    Map<String, String> headers,
    JsonNode request) {

  static final String ROOT = "/wire/kube-scheduler";
  static final String SPARK_ROOT = "/wire/spark";

  /** Headers kube-scheduler set that matter; Host and Content-Length belong to the transport. */
  private static final java.util.Set<String> REPLAYED_HEADERS =
      java.util.Set.of("Content-Type", "User-Agent", "Accept-Encoding");

  boolean nodeCacheCapable() {
    return name.startsWith("nodecache-true/");
  }

  @Override
  public String toString() {
    return name;
  }

  static List<RecordedCall> all() {
    return under(ROOT);
  }

  static List<RecordedCall> spark() {
    return under(SPARK_ROOT);
  }

  private static List<RecordedCall> under(String where) {
    Path root = root(where);
    List<RecordedCall> calls = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".json"))
              .filter(
                  f ->
                      f.getParent().getFileName().toString().startsWith("nodecache-")
                          || f.getParent().getFileName().toString().equals("extender"))
              .sorted()
              .toList()) {
        calls.add(read(root, file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return calls;
  }

  static RecordedCall named(String name) {
    return read(root(ROOT), root(ROOT).resolve(name));
  }

  private static Path root(String where) {
    URL url = RecordedCall.class.getResource(where);
    if (url == null) {
      throw new IllegalStateException(where + " is not on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RecordedCall read(Path root, Path file) {
    try {
      JsonNode tree = TestServer.JSON.readTree(file.toFile());
      Map<String, String> headers =
          TestServer.JSON.convertValue(
              tree.get("headers"),
              TestServer.JSON
                  .getTypeFactory()
                  .constructMapType(Map.class, String.class, String.class));
      return new RecordedCall(
          root.relativize(file).toString().replace('\\', '/'),
          tree.get("verb").asText(),
          tree.get("method").asText(),
          tree.get("path").asText(),
          headers,
          tree.get("request"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
