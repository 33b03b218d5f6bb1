package io.muster.extender.http;

import io.muster.extender.metrics.ExtenderMetrics.VerbResult;

/**
 * The scheduling logic failed or missed its deadline; {@link #getMessage()} is what the caller sees
 * (with a reference into the log, never the cause's text), and it has been logged once.
 */
final class VerbFailure extends Exception {
  private final VerbResult result;

  VerbFailure(VerbResult result, String publicMessage) {
    super(publicMessage, null, false, false);
    this.result = result;
  }

  VerbResult result() {
    return result;
  }
}
