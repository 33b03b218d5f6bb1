package io.muster.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.placement.model.Resources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Room as the API server states it, computed the way kube-scheduler's NodeResourcesFit does: a
 * pod's requests are the larger of its containers' sum and its largest init container, plus its
 * overhead; a node's room is its allocatable.
 */
final class ApiRoom {
  private ApiRoom() {}

  static Resources requests(Pod pod) {
    Resources sum = Resources.of(0, 0, 1);
    for (Container c : pod.getSpec().getContainers()) {
      sum = sum.plus(of(requestsOf(c), 0));
    }
    List<Container> init = pod.getSpec().getInitContainers();
    for (Container c : init == null ? List.<Container>of() : init) {
      Resources one = of(requestsOf(c), 1);
      sum =
          Resources.of(
              Math.max(sum.milliCpu(), one.milliCpu()),
              Math.max(sum.memoryBytes(), one.memoryBytes()),
              1);
    }
    Map<String, Quantity> overhead = pod.getSpec().getOverhead();
    return overhead == null ? sum : sum.plus(of(overhead, 0));
  }

  static Resources allocatable(Node node) {
    Map<String, Quantity> a = node.getStatus().getAllocatable();
    return Resources.of(milli(a.get("cpu")), bytes(a.get("memory")), bytes(a.get("pods")));
  }

  static Optional<String> nodeOf(Pod p) {
    String n = p.getSpec() == null ? null : p.getSpec().getNodeName();
    return n == null || n.isEmpty() ? Optional.empty() : Optional.of(n);
  }

  private static Map<String, Quantity> requestsOf(Container c) {
    if (c.getResources() == null || c.getResources().getRequests() == null) {
      return Map.of();
    }
    return c.getResources().getRequests();
  }

  private static Resources of(Map<String, Quantity> q, long pods) {
    return Resources.of(milli(q.get("cpu")), bytes(q.get("memory")), pods);
  }

  private static long milli(Quantity q) {
    return q == null
        ? 0
        : amount(q).movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
  }

  private static long bytes(Quantity q) {
    return q == null ? 0 : amount(q).setScale(0, RoundingMode.CEILING).longValue();
  }

  private static BigDecimal amount(Quantity q) {
    return Quantity.getAmountInBytes(q);
  }
}
