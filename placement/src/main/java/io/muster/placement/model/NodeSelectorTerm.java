package io.muster.placement.model;

import java.util.List;
import java.util.Map;

/** A required node-affinity term: every requirement must match (terms themselves are ORed). */
public record NodeSelectorTerm(List<NodeSelectorRequirement> requirements) {
  public NodeSelectorTerm {
    requirements = List.copyOf(requirements);
  }

  public boolean matches(Map<String, String> labels) {
    // Kubernetes: a term with no expressions matches no node.
    return !requirements.isEmpty() && requirements.stream().allMatch(r -> r.matches(labels));
  }
}
