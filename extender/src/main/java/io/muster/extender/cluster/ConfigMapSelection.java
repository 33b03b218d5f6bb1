package io.muster.extender.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which ConfigMaps the cluster view keeps, and which of their data keys. Spark's driver ConfigMaps
 * carry no labels and random names, so they are recognised by name pattern: {@code
 * spark-drv-<hex>-conf-map} (Spark 3.1+), {@code <prefix>-driver-conf-map} (older Spark), and the
 * executor pod template {@code <prefix>-driver-podspec-conf-map}. Muster's policy ConfigMap is kept
 * whole. Every other ConfigMap in the cluster is dropped as soon as it is seen.
 */
public record ConfigMapSelection(String policyNamespace, String policyName) {
  /** Spark's key for the properties file in the driver ConfigMap. */
  public static final String SPARK_PROPERTIES_KEY = "spark.properties";

  /** Spark's key for the executor pod template YAML. */
  public static final String POD_TEMPLATE_KEY = "podspec-configmap-key";

  private static final Pattern SPARK_DRIVER_CONF = Pattern.compile("spark-drv-[0-9a-f]+-conf-map");
  private static final String OLD_DRIVER_CONF_SUFFIX = "-driver-conf-map";
  private static final String POD_TEMPLATE_SUFFIX = "-driver-podspec-conf-map";

  public ConfigMapSelection {
    Objects.requireNonNull(policyNamespace, "policyNamespace");
    Objects.requireNonNull(policyName, "policyName");
  }

  /** Muster's default: the policy ConfigMap {@code muster-policies} in {@code namespace}. */
  public static ConfigMapSelection withPolicyIn(String namespace) {
    return new ConfigMapSelection(namespace, "muster-policies");
  }

  public boolean keeps(String namespace, String name) {
    return isPolicy(namespace, name) || sparkKeys(name) != null;
  }

  /** The data of a kept ConfigMap, reduced to the keys Muster reads. */
  public Map<String, String> trim(String namespace, String name, Map<String, String> data) {
    if (data == null || data.isEmpty()) {
      return Map.of();
    }
    if (isPolicy(namespace, name)) {
      return withoutNulls(data);
    }
    Set<String> keys = sparkKeys(name);
    if (keys == null) {
      return Map.of();
    }
    Map<String, String> kept = new HashMap<>();
    for (String key : keys) {
      String value = data.get(key);
      if (value != null) {
        kept.put(key, value);
      }
    }
    return kept;
  }

  private boolean isPolicy(String namespace, String name) {
    return policyNamespace.equals(namespace) && policyName.equals(name);
  }

  private static Set<String> sparkKeys(String name) {
    if (name.endsWith(POD_TEMPLATE_SUFFIX)) {
      return Set.of(POD_TEMPLATE_KEY);
    }
    if (SPARK_DRIVER_CONF.matcher(name).matches() || name.endsWith(OLD_DRIVER_CONF_SUFFIX)) {
      return Set.of(SPARK_PROPERTIES_KEY);
    }
    return null;
  }

  private static Map<String, String> withoutNulls(Map<String, String> data) {
    Map<String, String> copy = new HashMap<>();
    data.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            copy.put(k, v);
          }
        });
    return copy;
  }
}
