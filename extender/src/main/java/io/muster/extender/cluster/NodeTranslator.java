package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Taint;
import io.muster.placement.model.TaintEffect;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates a fabric8 {@link Node} into a placement {@link NodeState} with nothing requested yet
 * (the cluster view adds bound pods' requests). Allocatable keeps every resource the node reports:
 * cpu in millicores, memory and storage in bytes, pods as a count, and the rest (for example {@code
 * ephemeral-storage}, {@code hugepages-2Mi}, {@code nvidia.com/gpu}) as extended resources in their
 * base unit, so whatever a pod requests can be compared with what the node has.
 */
public final class NodeTranslator {
  private NodeTranslator() {}

  public static NodeState translate(Node node) {
    String name = node.getMetadata().getName().intern();
    Map<String, String> labels = new HashMap<>();
    if (node.getMetadata().getLabels() != null) {
      node.getMetadata()
          .getLabels()
          .forEach(
              (k, v) -> {
                if (k != null && v != null) {
                  labels.put(k.intern(), v.intern());
                }
              });
    }
    NodeSpec spec = node.getSpec();
    return new NodeState(
        name,
        labels,
        taints(spec),
        spec != null && Boolean.TRUE.equals(spec.getUnschedulable()),
        allocatable(node),
        Resources.ZERO);
  }

  static Resources allocatable(Node node) {
    Map<String, Quantity> amounts = null;
    if (node.getStatus() != null) {
      amounts = node.getStatus().getAllocatable();
      if (amounts == null || amounts.isEmpty()) {
        amounts = node.getStatus().getCapacity();
      }
    }
    if (amounts == null) {
      return Resources.ZERO;
    }
    long cpu = 0;
    long memory = 0;
    long pods = 0;
    Map<String, Long> extended = new TreeMap<>();
    for (Map.Entry<String, Quantity> e : amounts.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        continue;
      }
      switch (e.getKey()) {
        case "cpu" -> cpu = milli(e.getValue());
        case "memory" -> memory = base(e.getValue());
        case "pods" -> pods = base(e.getValue());
        default -> extended.put(e.getKey().intern(), base(e.getValue()));
      }
    }
    return new Resources(cpu, memory, pods, extended);
  }

  /** A quantity in thousandths of its unit, rounded up as Kubernetes rounds milli-CPU. */
  public static long milli(Quantity q) {
    return clamp(amount(q).multiply(BigDecimal.valueOf(1000)));
  }

  /** A quantity in its base unit (bytes, count), rounded up. */
  public static long base(Quantity q) {
    return clamp(amount(q));
  }

  private static BigDecimal amount(Quantity q) {
    try {
      return Quantity.getAmountInBytes(q);
    } catch (RuntimeException e) {
      return BigDecimal.ZERO;
    }
  }

  private static long clamp(BigDecimal v) {
    if (v.signum() <= 0) {
      return 0;
    }
    BigDecimal up = v.setScale(0, RoundingMode.CEILING);
    return up.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : up.longValue();
  }

  private static List<Taint> taints(NodeSpec spec) {
    if (spec == null || spec.getTaints() == null) {
      return List.of();
    }
    List<Taint> taints = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.Taint t : spec.getTaints()) {
      if (t.getKey() == null || t.getKey().isEmpty()) {
        continue;
      }
      taints.add(new Taint(t.getKey().intern(), t.getValue(), effect(t.getEffect())));
    }
    return taints;
  }

  private static TaintEffect effect(String effect) {
    if ("PreferNoSchedule".equals(effect)) {
      return TaintEffect.PREFER_NO_SCHEDULE;
    }
    if ("NoExecute".equals(effect)) {
      return TaintEffect.NO_EXECUTE;
    }
    // NoSchedule, and anything unknown: keeping pods off is the safe reading.
    return TaintEffect.NO_SCHEDULE;
  }
}
