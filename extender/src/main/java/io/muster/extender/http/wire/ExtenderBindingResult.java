package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Reply to {@code /bind}; {@code Error} is {@code ""} when the pod is bound. */
public record ExtenderBindingResult(@JsonProperty("Error") String error) {}
