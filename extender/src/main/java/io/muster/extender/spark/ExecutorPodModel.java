package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executor pod Spark will create, reduced to what scheduling needs, built the way Spark's
 * {@code BasicExecutorFeatureStep} builds it: start from the executor pod template (or an empty
 * pod), take its Spark container ({@code spark.kubernetes.executor.podTemplateContainerName}, else
 * the first), set that container's memory request and limit, CPU request and custom resource limits
 * (keeping the template's other requests, e.g. {@code ephemeral-storage}), keep the other
 * containers (sidecars) and init containers, and add {@code spark.kubernetes.node.selector.*} then
 * {@code spark.kubernetes.executor.node.selector.*} to the template's node selector. Its requests
 * then come from {@link PodRequests}, exactly as for a real pod.
 */
public final class ExecutorPodModel {
  static final String CONTAINER_NAME = "spark.kubernetes.executor.podTemplateContainerName";

  /** The modelled executor: what it requests and where it may run. */
  public record Modelled(
      PodSpec spec, Resources requests, ExecutorConstraints.Translation constraints) {}

  private ExecutorPodModel() {}

  /**
   * @throws InvalidQuantityException when the template holds an unusable quantity
   */
  public static Modelled build(
      Optional<Pod> template, SparkProperties props, SparkExecutorSizing.ContainerSize size) {
    PodSpec base =
        template.map(Pod::getSpec).map(s -> new PodSpecBuilder(s).build()).orElseGet(PodSpec::new);
    List<Container> containers = new ArrayList<>();
    if (base.getContainers() != null) {
      base.getContainers().stream().filter(c -> c != null).forEach(containers::add);
    }
    int sparkIndex = sparkContainer(containers, props.get(CONTAINER_NAME));
    Container spark = sparkIndex < 0 ? new Container() : containers.remove(sparkIndex);
    Quantity memory = new Quantity(size.memoryMiB() + "Mi");
    Map<String, Quantity> custom = new LinkedHashMap<>();
    size.customResources().forEach((k, v) -> custom.put(k, new Quantity(Long.toString(v))));
    Container sized =
        new ContainerBuilder(spark)
            .editOrNewResources()
            .addToRequests("memory", memory)
            .addToRequests("cpu", new Quantity(size.cpuRequest()))
            .addToLimits("memory", memory)
            .addToLimits(custom)
            .endResources()
            .build();
    containers.add(0, sized);
    Map<String, String> selector = new LinkedHashMap<>();
    if (base.getNodeSelector() != null) {
      selector.putAll(base.getNodeSelector());
    }
    selector.putAll(props.withPrefix("spark.kubernetes.node.selector."));
    selector.putAll(props.withPrefix("spark.kubernetes.executor.node.selector."));
    PodSpec spec =
        new PodSpecBuilder(base).withContainers(containers).withNodeSelector(selector).build();
    return new Modelled(spec, PodRequests.of(spec), ExecutorConstraints.translate(spec));
  }

  /** Spark's {@code selectSparkContainer}: the named container if exactly one, else the first. */
  private static int sparkContainer(List<Container> containers, Optional<String> name) {
    if (name.isPresent()) {
      List<Integer> matches = new ArrayList<>();
      for (int i = 0; i < containers.size(); i++) {
        if (name.get().equals(containers.get(i).getName())) {
          matches.add(i);
        }
      }
      if (matches.size() == 1) {
        return matches.get(0);
      }
    }
    return containers.isEmpty() ? -1 : 0;
  }
}
