package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code /bind}. */
public record ExtenderBindingArgs(
    @JsonProperty("PodName") String podName,
    @JsonProperty("PodNamespace") String podNamespace,
    @JsonProperty("PodUID") String podUid,
    @JsonProperty("Node") String node) {}
