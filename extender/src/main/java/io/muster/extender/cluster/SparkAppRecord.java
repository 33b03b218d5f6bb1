package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Spark Operator {@code SparkApplication} (sparkoperator.k8s.io/v1beta2), trimmed to the parts of
 * its spec that size a gang: {@code driver} and {@code executor} (sizes, counts, placement), {@code
 * dynamicAllocation}, {@code sparkConf}, {@code type} and {@code mode}. The spec is kept as
 * immutable nested maps and lists of strings, numbers and booleans, as the API returned them.
 */
public record SparkAppRecord(
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    Optional<String> sparkApplicationId,
    Map<String, Object> spec) {

  private static final Set<String> SPEC_KEYS =
      Set.of(
          "driver",
          "executor",
          "dynamicAllocation",
          "sparkConf",
          "type",
          "mode",
          "sparkVersion",
          "nodeSelector",
          "batchScheduler");
  private static final Set<String> ROLE_KEYS =
      Set.of(
          "cores",
          "coreLimit",
          "coreRequest",
          "memory",
          "memoryOverhead",
          "instances",
          "gpu",
          "nodeSelector",
          "affinity",
          "tolerations",
          "labels",
          "annotations",
          "schedulerName",
          "priorityClassName");

  public SparkAppRecord {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    uid = uid == null ? "" : uid;
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
    sparkApplicationId = sparkApplicationId == null ? Optional.empty() : sparkApplicationId;
    spec = spec == null ? Map.of() : spec;
  }

  /** Keeps the sizing parts of a SparkApplication; everything else (env, volumes...) is dropped. */
  public static SparkAppRecord of(GenericKubernetesResource app) {
    Map<String, Object> props = app.getAdditionalProperties();
    Map<String, Object> spec = new HashMap<>();
    if (props.get("spec") instanceof Map<?, ?> raw) {
      raw.forEach(
          (k, v) -> {
            if (k instanceof String key && SPEC_KEYS.contains(key) && v != null) {
              Object kept =
                  ("driver".equals(key) || "executor".equals(key)) && v instanceof Map<?, ?> m
                      ? immutable(filterKeys(m, ROLE_KEYS))
                      : immutable(v);
              if (kept != null) {
                spec.put(key, kept);
              }
            }
          });
    }
    Optional<String> appId = Optional.empty();
    if (props.get("status") instanceof Map<?, ?> status
        && status.get("sparkApplicationId") instanceof String id
        && !id.isEmpty()) {
      appId = Optional.of(id);
    }
    return new SparkAppRecord(
        app.getMetadata().getNamespace(),
        app.getMetadata().getName(),
        app.getMetadata().getUid(),
        app.getMetadata().getResourceVersion(),
        appId,
        Map.copyOf(spec));
  }

  private static Map<Object, Object> filterKeys(Map<?, ?> m, Set<String> keys) {
    Map<Object, Object> out = new HashMap<>();
    m.forEach(
        (k, v) -> {
          if (k instanceof String s && keys.contains(s)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Object immutable(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new HashMap<>();
      m.forEach(
          (k, x) -> {
            Object c = immutable(x);
            if (k != null && c != null) {
              copy.put(k.toString(), c);
            }
          });
      return Map.copyOf(copy);
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object x : l) {
        Object c = immutable(x);
        if (c != null) {
          copy.add(c);
        }
      }
      return List.copyOf(copy);
    }
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    return v == null ? null : v.toString();
  }

  /** Spec keys only: {@code sparkConf} can hold credentials, which must not reach logs. */
  @Override
  public String toString() {
    return "SparkAppRecord["
        + namespace
        + "/"
        + name
        + " rv="
        + resourceVersion
        + " app="
        + sparkApplicationId.orElse("-")
        + " spec="
        + new java.util.TreeSet<>(spec.keySet())
        + "]";
  }
}
