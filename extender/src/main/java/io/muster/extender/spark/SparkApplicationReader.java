package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Reads a {@code SparkApplication} ({@code sparkoperator.k8s.io/v1beta2}) from its generic form
 * into an {@link OperatorApplication}. Lenient: a field of the wrong type counts as absent, so a
 * newer or odd CRD version never breaks scheduling.
 */
public final class SparkApplicationReader {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SparkApplicationReader() {}

  public static OperatorApplication read(GenericKubernetesResource resource) {
    if (resource == null) {
      return new OperatorApplication(
          "",
          Optional.empty(),
          Map.of(),
          Optional.empty(),
          Map.of(),
          OperatorApplication.Executor.NONE,
          Optional.empty());
    }
    Map<String, Object> spec = map(resource.getAdditionalProperties().get("spec"));
    String name = resource.getMetadata() == null ? "" : resource.getMetadata().getName();
    return new OperatorApplication(
        name,
        string(spec.get("type")),
        strings(spec.get("sparkConf")),
        string(spec.get("memoryOverheadFactor")),
        strings(spec.get("nodeSelector")),
        executor(map(spec.get("executor"))),
        dynamicAllocation(spec.get("dynamicAllocation")));
  }

  private static OperatorApplication.Executor executor(Map<String, Object> e) {
    Optional<OperatorApplication.Gpu> gpu = Optional.empty();
    Map<String, Object> g = map(e.get("gpu"));
    Optional<String> gpuName = string(g.get("name"));
    OptionalInt gpuCount = integer(g.get("quantity"));
    if (gpuName.isPresent() && gpuCount.isPresent()) {
      gpu = Optional.of(new OperatorApplication.Gpu(gpuName.get(), gpuCount.getAsInt()));
    }
    return new OperatorApplication.Executor(
        integer(e.get("instances")),
        integer(e.get("cores")),
        string(e.get("coreRequest")),
        string(e.get("memory")),
        string(e.get("memoryOverhead")),
        gpu,
        ExecutorConstraints.translate(
                strings(e.get("nodeSelector")), affinity(e.get("affinity")), tolerations(e))
            .constraints());
  }

  private static Optional<OperatorApplication.DynamicAllocation> dynamicAllocation(Object raw) {
    if (!(raw instanceof Map<?, ?>)) {
      return Optional.empty();
    }
    Map<String, Object> d = map(raw);
    return Optional.of(
        new OperatorApplication.DynamicAllocation(
            Boolean.TRUE.equals(d.get("enabled")),
            integer(d.get("initialExecutors")),
            integer(d.get("minExecutors")),
            integer(d.get("maxExecutors"))));
  }

  private static Affinity affinity(Object raw) {
    if (!(raw instanceof Map<?, ?>)) {
      return null;
    }
    try {
      return SERIALIZATION.convertValue(raw, Affinity.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static List<Toleration> tolerations(Map<String, Object> executor) {
    List<Toleration> out = new ArrayList<>();
    if (executor.get("tolerations") instanceof List<?> list) {
      for (Object t : list) {
        try {
          out.add(SERIALIZATION.convertValue(t, Toleration.class));
        } catch (RuntimeException e) {
          // A malformed toleration only makes the executor less placeable: drop it.
        }
      }
    }
    return out;
  }

  private static Map<String, Object> map(Object raw) {
    if (!(raw instanceof Map<?, ?> m)) {
      return Map.of();
    }
    Map<String, Object> out = new TreeMap<>();
    m.forEach(
        (k, v) -> {
          if (k instanceof String s && v != null) {
            out.put(s, v);
          }
        });
    return out;
  }

  private static Map<String, String> strings(Object raw) {
    Map<String, String> out = new TreeMap<>();
    map(raw).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  private static Optional<String> string(Object raw) {
    return raw instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  private static OptionalInt integer(Object raw) {
    if (raw instanceof Integer i) {
      return OptionalInt.of(i);
    }
    if (raw instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return OptionalInt.of(l.intValue());
    }
    return OptionalInt.empty();
  }
}
