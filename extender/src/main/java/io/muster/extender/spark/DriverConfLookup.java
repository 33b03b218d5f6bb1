package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds what Spark wrote for a driver: {@code spark.properties} in the ConfigMap mounted as volume
 * {@value SparkLabels#DRIVER_CONF_VOLUME} (by its {@code configMap.name}: names are random, never
 * guessed), and the executor pod template when {@code spark.kubernetes.executor.podTemplateFile}
 * points at a file the driver mounts from a ConfigMap (Spark's {@value
 * SparkLabels#POD_TEMPLATE_VOLUME}, or any ConfigMap volume the user mounted there).
 */
final class DriverConfLookup {
  static final String TEMPLATE_FILE = "spark.kubernetes.executor.podTemplateFile";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** What was found. */
  sealed interface Outcome {
    /** The properties and, if one is used and readable, the executor template. */
    record Found(
        String configMapName,
        SparkProperties props,
        Optional<Pod> executorTemplate,
        List<Problem> warnings)
        implements Outcome {
      public Found {
        warnings = List.copyOf(warnings);
      }
    }

    /** The driver names ConfigMaps that are not in the cache yet. */
    record Waiting(List<String> configMaps) implements Outcome {
      public Waiting {
        configMaps = List.copyOf(configMaps);
      }
    }

    /** The driver mounts no Spark driver ConfigMap (not cluster mode, or not Spark-made). */
    record NotMounted() implements Outcome {}

    /** The ConfigMaps exist but cannot be used. */
    record Broken(List<Problem> problems) implements Outcome {
      public Broken {
        problems = List.copyOf(problems);
      }
    }
  }

  /** A file projected from a ConfigMap key. */
  record ConfigMapFile(String configMap, String key) {}

  private DriverConfLookup() {}

  static Outcome lookup(Pod driver, Function<String, Optional<ConfigMap>> configMaps) {
    PodSpec spec = driver == null ? null : driver.getSpec();
    Optional<String> confName = confConfigMap(spec);
    if (confName.isEmpty()) {
      return new Outcome.NotMounted();
    }
    Optional<ConfigMap> conf = find(configMaps, confName.get());
    if (conf.isEmpty()) {
      return new Outcome.Waiting(List.of(confName.get()));
    }
    String text = data(conf.get(), SparkLabels.SPARK_PROPERTIES_KEY);
    if (text == null) {
      return broken(
          Problem.Kind.INVALID_CONFIG_MAP,
          "ConfigMap " + confName.get(),
          "has no " + SparkLabels.SPARK_PROPERTIES_KEY + " key");
    }
    SparkProperties props;
    try {
      props = SparkProperties.parse(text);
    } catch (IllegalArgumentException e) {
      return broken(
          Problem.Kind.INVALID_CONFIG_MAP,
          "ConfigMap " + confName.get(),
          SparkLabels.SPARK_PROPERTIES_KEY + " is not a properties file: " + e.getMessage());
    }
    Optional<String> templatePath = props.get(TEMPLATE_FILE).map(String::trim);
    if (templatePath.isEmpty()) {
      return new Outcome.Found(confName.get(), props, Optional.empty(), List.of());
    }
    Optional<ConfigMapFile> file = locate(spec, templatePath.get());
    if (file.isEmpty()) {
      Problem p =
          new Problem(
              Problem.Kind.POD_TEMPLATE_UNREADABLE,
              TEMPLATE_FILE,
              templatePath.get()
                  + " is not mounted from a ConfigMap; executor constraints and extra requests"
                  + " from it are unknown");
      return new Outcome.Found(confName.get(), props, Optional.empty(), List.of(p));
    }
    Optional<ConfigMap> templateMap = find(configMaps, file.get().configMap());
    if (templateMap.isEmpty()) {
      return new Outcome.Waiting(List.of(file.get().configMap()));
    }
    String yaml = data(templateMap.get(), file.get().key());
    String subject = "ConfigMap " + file.get().configMap() + " key " + file.get().key();
    if (yaml == null) {
      return broken(Problem.Kind.INVALID_POD_TEMPLATE, subject, "missing");
    }
    return parseTemplate(yaml)
        .<Outcome>map(t -> new Outcome.Found(confName.get(), props, Optional.of(t), List.of()))
        .orElseGet(
            () -> broken(Problem.Kind.INVALID_POD_TEMPLATE, subject, "not a pod YAML document"));
  }

  /** The ConfigMap name behind the driver's {@value SparkLabels#DRIVER_CONF_VOLUME} volume. */
  static Optional<String> confConfigMap(PodSpec spec) {
    return volume(spec, SparkLabels.DRIVER_CONF_VOLUME)
        .map(Volume::getConfigMap)
        .map(ConfigMapVolumeSource::getName)
        .filter(n -> !n.isBlank());
  }

  /** Parses a pod template as Spark does (a Pod object, YAML or JSON). */
  static Optional<Pod> parseTemplate(String yaml) {
    try {
      Object parsed = SERIALIZATION.unmarshal(yaml, Pod.class);
      return parsed instanceof Pod p ? Optional.of(p) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Which ConfigMap key a driver container sees at {@code path}, if any. */
  static Optional<ConfigMapFile> locate(PodSpec spec, String path) {
    if (spec == null || spec.getContainers() == null) {
      return Optional.empty();
    }
    for (Container c : spec.getContainers()) {
      if (c == null || c.getVolumeMounts() == null) {
        continue;
      }
      for (VolumeMount m : c.getVolumeMounts()) {
        Optional<ConfigMapFile> f = fileIn(spec, m, path);
        if (f.isPresent()) {
          return f;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<ConfigMapFile> fileIn(PodSpec spec, VolumeMount m, String path) {
    if (m == null || m.getMountPath() == null || m.getName() == null) {
      return Optional.empty();
    }
    String mount = m.getMountPath();
    String relative;
    if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
      if (!path.equals(mount)) {
        return Optional.empty();
      }
      relative = m.getSubPath();
    } else {
      String dir = mount.endsWith("/") ? mount : mount + "/";
      if (!path.startsWith(dir) || path.length() == dir.length()) {
        return Optional.empty();
      }
      relative = path.substring(dir.length());
    }
    Optional<ConfigMapVolumeSource> source = volume(spec, m.getName()).map(Volume::getConfigMap);
    if (source.isEmpty() || source.get().getName() == null) {
      return Optional.empty();
    }
    List<KeyToPath> items = source.get().getItems();
    if (items == null || items.isEmpty()) {
      return Optional.of(new ConfigMapFile(source.get().getName(), relative));
    }
    return items.stream()
        .filter(i -> i != null && relative.equals(i.getPath()) && i.getKey() != null)
        .findFirst()
        .map(i -> new ConfigMapFile(source.get().getName(), i.getKey()));
  }

  private static Optional<Volume> volume(PodSpec spec, String name) {
    if (spec == null || spec.getVolumes() == null) {
      return Optional.empty();
    }
    return spec.getVolumes().stream()
        .filter(v -> v != null && name.equals(v.getName()) && v.getConfigMap() != null)
        .findFirst();
  }

  private static Optional<ConfigMap> find(
      Function<String, Optional<ConfigMap>> configMaps, String name) {
    Optional<ConfigMap> found = configMaps.apply(name);
    return found == null ? Optional.empty() : found;
  }

  private static String data(ConfigMap cm, String key) {
    return cm.getData() == null ? null : cm.getData().get(key);
  }

  private static Outcome broken(Problem.Kind kind, String subject, String message) {
    return new Outcome.Broken(List.of(new Problem(kind, subject, message)));
  }
}
