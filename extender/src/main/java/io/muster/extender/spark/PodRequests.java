package io.muster.extender.spark;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.muster.placement.model.Resources;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod's requests as kube-scheduler accounts them ({@code resource.PodRequests}): the sum of the
 * app containers, raised per resource to the largest init container (a restartable "sidecar" init
 * container, {@code restartPolicy: Always}, also adds to the sum and to every later init step),
 * replaced by pod-level {@code spec.resources} for CPU and memory when set, plus {@code
 * spec.overhead}. A limit without a request counts as the request (API defaulting). Amounts are
 * added exactly and rounded up once at the end. See {@link ResourceName} for which names are
 * modelled; the result always counts one pod.
 */
public final class PodRequests {
  private PodRequests() {}

  /**
   * Requests of a pod with this spec; a null spec requests nothing but one pod slot.
   *
   * @throws InvalidQuantityException when a quantity cannot be parsed (the message names it)
   */
  public static Resources of(PodSpec spec) {
    if (spec == null) {
      return Resources.pod(0, 0);
    }
    Map<String, BigDecimal> total = new HashMap<>();
    for (Container c : nonNull(spec.getContainers())) {
      add(total, effectiveRequests(c, "spec.containers[" + name(c) + "]"));
    }
    Map<String, BigDecimal> sidecars = new HashMap<>();
    Map<String, BigDecimal> initPeak = new HashMap<>();
    for (Container c : nonNull(spec.getInitContainers())) {
      Map<String, BigDecimal> own = effectiveRequests(c, "spec.initContainers[" + name(c) + "]");
      Map<String, BigDecimal> step;
      if ("Always".equals(c.getRestartPolicy())) {
        add(total, own);
        add(sidecars, own);
        step = new HashMap<>(sidecars);
      } else {
        step = new HashMap<>(own);
        add(step, sidecars);
      }
      max(initPeak, step);
    }
    max(total, initPeak);
    podLevel(spec.getResources()).forEach(total::put);
    add(total, quantities(spec.getOverhead(), "spec.overhead"));
    return toResources(total);
  }

  private static Map<String, BigDecimal> effectiveRequests(Container c, String where) {
    ResourceRequirements r = c.getResources();
    if (r == null) {
      return Map.of();
    }
    Map<String, BigDecimal> out = quantities(r.getLimits(), where + ".resources.limits");
    out.putAll(quantities(r.getRequests(), where + ".resources.requests"));
    return out;
  }

  private static Map<String, BigDecimal> podLevel(ResourceRequirements r) {
    Map<String, BigDecimal> out = new HashMap<>();
    if (r == null) {
      return out;
    }
    Map<String, BigDecimal> all = quantities(r.getLimits(), "spec.resources.limits");
    all.putAll(quantities(r.getRequests(), "spec.resources.requests"));
    all.forEach(
        (name, amount) -> {
          ResourceName kind = ResourceName.of(name);
          if (kind == ResourceName.CPU || kind == ResourceName.MEMORY) {
            out.put(name, amount);
          }
        });
    return out;
  }

  private static Map<String, BigDecimal> quantities(Map<String, Quantity> raw, String where) {
    Map<String, BigDecimal> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    raw.forEach(
        (name, q) -> {
          if (name == null || ResourceName.of(name) == ResourceName.IGNORED) {
            return;
          }
          String field = where + "[" + name + "]";
          out.put(name, KubeQuantity.parse(text(q), field));
        });
    return out;
  }

  /** The quantity as written, e.g. {@code 4505Mi}; fabric8 splits it into amount and format. */
  static String text(Quantity q) {
    if (q == null || q.getAmount() == null) {
      return "";
    }
    return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
  }

  private static Resources toResources(Map<String, BigDecimal> total) {
    long milliCpu = 0;
    long memory = 0;
    Map<String, Long> extended = new TreeMap<>();
    for (Map.Entry<String, BigDecimal> e : total.entrySet()) {
      String field = "pod requests[" + e.getKey() + "]";
      switch (ResourceName.of(e.getKey())) {
        case CPU -> milliCpu = KubeQuantity.milli(e.getValue(), field);
        case MEMORY -> memory = KubeQuantity.units(e.getValue(), field);
        case EXTENDED -> extended.put(e.getKey(), KubeQuantity.units(e.getValue(), field));
        case IGNORED -> {}
      }
    }
    return new Resources(milliCpu, memory, 1, extended);
  }

  private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> more) {
    more.forEach((k, v) -> into.merge(k, v, BigDecimal::add));
  }

  private static void max(Map<String, BigDecimal> into, Map<String, BigDecimal> other) {
    other.forEach((k, v) -> into.merge(k, v, BigDecimal::max));
  }

  private static String name(Container c) {
    return c.getName() == null ? "?" : c.getName();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list.stream().filter(x -> x != null).toList();
  }
}
