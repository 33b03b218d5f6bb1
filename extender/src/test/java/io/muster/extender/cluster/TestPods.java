package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.extender.spark.SparkLabels;
import io.muster.placement.model.Resources;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fluent test fixtures for fabric8 pods and nodes, in the spirit of kube's MakePod(). */
public final class TestPods {
  private TestPods() {}

  /** Sums container requests: enough sizing for tests (Spark inference owns the real rules). */
  public static Resources requests(Pod pod) {
    long cpu = 0;
    long mem = 0;
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getResources() == null || c.getResources().getRequests() == null) {
        continue;
      }
      Quantity q = c.getResources().getRequests().get("cpu");
      if (q != null) {
        cpu += NodeTranslator.milli(q);
      }
      Quantity m = c.getResources().getRequests().get("memory");
      if (m != null) {
        mem += NodeTranslator.base(m);
      }
    }
    return Resources.pod(cpu, mem);
  }

  public static PodMaker pod(String namespace, String name) {
    return new PodMaker(namespace, name);
  }

  public static Node node(String name, String cpu, String memory) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("kubernetes.io/hostname", name))
        .endMetadata()
        .withNewStatus()
        .withAllocatable(
            Map.of(
                "cpu",
                new Quantity(cpu),
                "memory",
                new Quantity(memory),
                "pods",
                new Quantity("110")))
        .endStatus()
        .build();
  }

  /** Builds a pod; unset parts stay unset. */
  public static final class PodMaker {
    private final String namespace;
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private String node;
    private String phase;
    private String cpu = "1";
    private String memory = "1Gi";
    private String uid;

    PodMaker(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public PodMaker app(String appId) {
      labels.put(SparkLabels.APP_SELECTOR, appId);
      return this;
    }

    public PodMaker driver() {
      labels.put(SparkLabels.ROLE, SparkLabels.ROLE_DRIVER);
      return this;
    }

    public PodMaker executor() {
      labels.put(SparkLabels.ROLE, SparkLabels.ROLE_EXECUTOR);
      return this;
    }

    public PodMaker label(String k, String v) {
      labels.put(k, v);
      return this;
    }

    public PodMaker annotation(String k, String v) {
      annotations.put(k, v);
      return this;
    }

    public PodMaker node(String node) {
      this.node = node;
      return this;
    }

    public PodMaker phase(String phase) {
      this.phase = phase;
      return this;
    }

    public PodMaker requests(String cpu, String memory) {
      this.cpu = cpu;
      this.memory = memory;
      return this;
    }

    public PodMaker uid(String uid) {
      this.uid = uid;
      return this;
    }

    public Pod build() {
      return new PodBuilder()
          .withNewMetadata()
          .withNamespace(namespace)
          .withName(name)
          .withUid(uid)
          .withLabels(labels)
          .withAnnotations(annotations)
          .endMetadata()
          .withNewSpec()
          .withNodeName(node)
          .withSchedulerName("muster")
          .withContainers(
              new ContainerBuilder()
                  .withName("main")
                  .withImage("spark:4")
                  .withNewResources()
                  .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
                  .endResources()
                  .build())
          .endSpec()
          .withNewStatus()
          .withPhase(phase)
          .endStatus()
          .build();
    }
  }
}
