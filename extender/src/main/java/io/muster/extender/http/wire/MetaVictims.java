package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Victims on one node by UID only. */
public record MetaVictims(
    @JsonProperty("Pods") List<MetaPod> pods,
    @JsonProperty("NumPDBViolations") long numPdbViolations) {}
