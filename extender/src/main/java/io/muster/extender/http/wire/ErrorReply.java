package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of every refused request (400, 404, 405, 413, 500) outside {@code /filter}; it has the
 * shape of {@link ExtenderBindingResult} so that any extender client can read it.
 */
public record ErrorReply(@JsonProperty("Error") String error) {}
