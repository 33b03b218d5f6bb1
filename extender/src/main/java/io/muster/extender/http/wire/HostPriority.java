package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One element of the bare JSON array {@code /prioritize} answers. {@code Score} is an int64 in Go:
 * it must be written as a JSON integer ({@code 6}, never {@code 6.0}, which fails to decode).
 */
public record HostPriority(@JsonProperty("Host") String host, @JsonProperty("Score") long score) {}
