package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A victim pod named by its UID. */
public record MetaPod(@JsonProperty("UID") String uid) {}
