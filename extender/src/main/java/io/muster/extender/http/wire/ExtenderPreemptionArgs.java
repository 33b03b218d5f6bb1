package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * Body of {@code /preempt}: full victim pods per node without {@code nodeCacheCapable}, victim UIDs
 * per node with it.
 */
public record ExtenderPreemptionArgs(
    @JsonProperty("Pod") Pod pod,
    @JsonProperty("NodeNameToVictims") Map<String, Victims> nodeNameToVictims,
    @JsonProperty("NodeNameToMetaVictims") Map<String, MetaVictims> nodeNameToMetaVictims) {}
