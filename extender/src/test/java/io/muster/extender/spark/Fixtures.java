package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/** Loads the Spark-made pods and ConfigMaps under {@code src/test/resources/spark/}. */
final class Fixtures {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Fixtures() {}

  static Pod pod(String json) {
    return SERIALIZATION.unmarshal(json, Pod.class);
  }

  static Pod driver(String scenario) {
    return pods(scenario).stream()
        .filter(p -> "driver".equals(p.getMetadata().getLabels().get("spark-role")))
        .findFirst()
        .orElseThrow();
  }

  static List<Pod> executors(String scenario) {
    return pods(scenario).stream()
        .filter(p -> "executor".equals(p.getMetadata().getLabels().get("spark-role")))
        .toList();
  }

  static List<Pod> pods(String scenario) {
    return files(scenario + "/pods").stream()
        .map(f -> SERIALIZATION.unmarshal(read(f), Pod.class))
        .toList();
  }

  static Map<String, ConfigMap> configMaps(String scenario) {
    Map<String, ConfigMap> out = new TreeMap<>();
    for (Path f : files(scenario + "/configmaps")) {
      ConfigMap cm = SERIALIZATION.unmarshal(read(f), ConfigMap.class);
      out.put(cm.getMetadata().getName(), cm);
    }
    return out;
  }

  static Function<String, Optional<ConfigMap>> lookup(Map<String, ConfigMap> configMaps) {
    return name -> Optional.ofNullable(configMaps.get(name));
  }

  static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/spark/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource spark/" + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(String dir) {
    URL url = Fixtures.class.getResource("/spark/" + dir);
    if (url == null) {
      throw new IllegalArgumentException("no test resource folder spark/" + dir);
    }
    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
