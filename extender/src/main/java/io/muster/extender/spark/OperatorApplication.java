package io.muster.extender.spark;

import io.muster.placement.model.PodConstraints;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of a Spark Operator {@code SparkApplication} (kubeflow/spark-operator, {@code
 * sparkoperator.k8s.io/v1beta2}) that size a gang. The operator turns them into {@code spark-submit
 * --conf} flags after {@code spec.sparkConf} (so the structured fields win), which {@link
 * #toSparkProperties()} mirrors; its webhook puts {@code spec.executor.gpu}, node selector,
 * tolerations and affinity on executor pods, kept here as {@code executor.gpu} and {@code
 * executor.constraints}. Find it from a driver pod through the {@value #APP_NAME_LABEL} label.
 */
public record OperatorApplication(
    String name,
    Optional<String> type,
    Map<String, String> sparkConf,
    Optional<String> memoryOverheadFactor,
    Map<String, String> nodeSelector,
    Executor executor,
    Optional<DynamicAllocation> dynamicAllocation) {
  /** Label the operator puts on driver and executor pods: the SparkApplication's name. */
  public static final String APP_NAME_LABEL = "sparkoperator.k8s.io/app-name";

  /** {@code spec.executor}. */
  public record Executor(
      OptionalInt instances,
      OptionalInt cores,
      Optional<String> coreRequest,
      Optional<String> memory,
      Optional<String> memoryOverhead,
      Optional<Gpu> gpu,
      PodConstraints constraints) {
    public static final Executor NONE =
        new Executor(
            OptionalInt.empty(),
            OptionalInt.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            PodConstraints.NONE);

    public Executor {
      constraints = constraints == null ? PodConstraints.NONE : constraints;
    }
  }

  /** {@code spec.executor.gpu}: a full resource name (e.g. {@code nvidia.com/gpu}) and count. */
  public record Gpu(String name, long quantity) {}

  /** {@code spec.dynamicAllocation}. */
  public record DynamicAllocation(
      boolean enabled,
      OptionalInt initialExecutors,
      OptionalInt minExecutors,
      OptionalInt maxExecutors) {}

  public OperatorApplication {
    name = name == null ? "" : name;
    sparkConf = Map.copyOf(sparkConf);
    nodeSelector = Map.copyOf(nodeSelector);
    executor = executor == null ? Executor.NONE : executor;
  }

  /**
   * The Spark properties the operator's submission resolves to for sizing: {@code sparkConf}, then
   * the structured fields; Python/R apps get the submission client's 0.4 overhead factor unless one
   * is set, as in a real driver ConfigMap.
   */
  public SparkProperties toSparkProperties() {
    Map<String, String> p = new HashMap<>(sparkConf);
    memoryOverheadFactor.ifPresent(f -> p.put("spark.kubernetes.memoryOverheadFactor", f));
    nodeSelector.forEach((k, v) -> p.put("spark.kubernetes.node.selector." + k, v));
    executor.instances().ifPresent(n -> p.put("spark.executor.instances", Integer.toString(n)));
    executor.cores().ifPresent(n -> p.put("spark.executor.cores", Integer.toString(n)));
    executor.coreRequest().ifPresent(c -> p.put("spark.kubernetes.executor.request.cores", c));
    executor.memory().ifPresent(m -> p.put("spark.executor.memory", m));
    executor.memoryOverhead().ifPresent(m -> p.put("spark.executor.memoryOverhead", m));
    dynamicAllocation
        .filter(DynamicAllocation::enabled)
        .ifPresent(
            d -> {
              p.put("spark.dynamicAllocation.enabled", "true");
              d.initialExecutors()
                  .ifPresent(
                      n -> p.put("spark.dynamicAllocation.initialExecutors", Integer.toString(n)));
              d.minExecutors()
                  .ifPresent(
                      n -> p.put("spark.dynamicAllocation.minExecutors", Integer.toString(n)));
              d.maxExecutors()
                  .ifPresent(
                      n -> p.put("spark.dynamicAllocation.maxExecutors", Integer.toString(n)));
            });
    String resourceType =
        type.map(t -> t.toLowerCase(java.util.Locale.ROOT))
            .map(t -> t.equals("python") ? "python" : t.equals("r") ? "r" : "java")
            .orElse("java");
    p.putIfAbsent("spark.kubernetes.resource.type", resourceType);
    boolean nonJvm = !p.get("spark.kubernetes.resource.type").equals("java");
    p.putIfAbsent(
        "spark.kubernetes.memoryOverheadFactor",
        nonJvm
            ? Double.toString(SparkExecutorSizing.NON_JVM_FACTOR)
            : Double.toString(SparkExecutorSizing.DEFAULT_FACTOR));
    return SparkProperties.of(p);
  }

  @Override
  public String toString() {
    return "OperatorApplication[name="
        + name
        + ", type="
        + type
        + ", sparkConf="
        + SecretRedaction.redact(sparkConf)
        + ", executor="
        + executor
        + ", dynamicAllocation="
        + dynamicAllocation
        + "]";
  }
}
