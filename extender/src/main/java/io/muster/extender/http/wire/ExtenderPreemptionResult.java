package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Reply to {@code /preempt}: always victim UIDs, whatever the request mode. */
public record ExtenderPreemptionResult(
    @JsonProperty("NodeNameToMetaVictims") Map<String, MetaVictims> nodeNameToMetaVictims) {}
