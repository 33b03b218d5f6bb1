package io.muster.extender.scheduling;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pods and ConfigMaps Spark 4.0.1 made (under {@code src/test/resources/spark/}), made ready to
 * be created again in a mock API: server-set metadata (uid, resourceVersion, creation time,
 * managedFields), the binding and the status go; everything Spark wrote stays.
 */
final class SparkFixtures {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** cluster mode, 4 executors of 2 CPU / 4505Mi, driver 1 CPU / 2432Mi */
  static final String BASIC = "s4-cluster-basic-executors";

  private SparkFixtures() {}

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
        .map(SparkFixtures::fresh)
        .toList();
  }

  static List<ConfigMap> configMaps(String scenario) {
    return files(scenario + "/configmaps").stream()
        .map(f -> SERIALIZATION.unmarshal(read(f), ConfigMap.class))
        .peek(cm -> clean(cm.getMetadata()))
        .toList();
  }

  /** The driver ConfigMap ({@code spark-drv-*-conf-map}) of a scenario. */
  static ConfigMap driverConfigMap(String scenario) {
    return configMaps(scenario).stream()
        .filter(cm -> cm.getMetadata().getName().startsWith("spark-drv-"))
        .findFirst()
        .orElseThrow();
  }

  private static Pod fresh(Pod p) {
    clean(p.getMetadata());
    p.getSpec().setNodeName(null);
    p.setStatus(null);
    return p;
  }

  private static void clean(ObjectMeta m) {
    m.setUid(null);
    m.setResourceVersion(null);
    m.setCreationTimestamp(null);
    m.setManagedFields(null);
  }

  private static List<Path> files(String dir) {
    URL url = SparkFixtures.class.getResource("/spark/" + dir);
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
