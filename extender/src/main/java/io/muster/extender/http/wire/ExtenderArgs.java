package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Body of {@code /filter} and {@code /prioritize}. With {@code nodeCacheCapable: true}
 * kube-scheduler fills {@code NodeNames} only; otherwise {@code Nodes} only.
 */
public record ExtenderArgs(
    @JsonProperty("Pod") Pod pod,
    @JsonProperty("Nodes") WireNodeList nodes,
    @JsonProperty("NodeNames") List<String> nodeNames) {}
