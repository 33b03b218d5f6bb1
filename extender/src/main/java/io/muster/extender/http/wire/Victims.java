package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Pods kube-scheduler would evict on one node, and the PodDisruptionBudgets that would break. */
public record Victims(
    @JsonProperty("Pods") List<Pod> pods,
    @JsonProperty("NumPDBViolations") long numPdbViolations) {}
