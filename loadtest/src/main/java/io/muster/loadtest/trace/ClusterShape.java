package io.muster.loadtest.trace;

import io.muster.placement.model.Checks;
import io.muster.placement.model.Resources;
import java.util.Locale;

/**
 * A cluster of {@code nodes} identical nodes spread round-robin over {@code zones} zones ({@code
 * zone-a}, {@code zone-b}, …); node {@code i} is named {@code node-%04d}. An autoscaler adds nodes
 * of the same shape.
 */
public record ClusterShape(int nodes, int zones, Resources nodeAllocatable) {
  public ClusterShape {
    Checks.requireArgument(nodes >= 1, "cluster of %s nodes", nodes);
    Checks.requireArgument(zones >= 1 && zones <= 26, "cluster of %s zones", zones);
    Checks.requireArgument(
        nodeAllocatable != null && nodeAllocatable.pods() >= 1, "node allocatable without pods");
  }

  public static String nodeName(int index) {
    return String.format(Locale.ROOT, "node-%04d", index);
  }

  public String zoneOf(int index) {
    return "zone-" + (char) ('a' + index % zones);
  }

  public long totalMilliCpu() {
    return nodeAllocatable.milliCpu() * nodes;
  }
}
