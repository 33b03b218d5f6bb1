package io.muster.extender.http;

/**
 * A request Muster refuses before any scheduling logic sees it; the message names the problem and
 * goes back to the caller verbatim, so it must never contain request content beyond field names.
 */
final class BadRequest extends Exception {
  /** Longest message: it is written back to the caller and into one WARN line. */
  static final int MAX_MESSAGE = 512;

  /**
   * {@code message} as given, on one line and cut to {@link #MAX_MESSAGE} (see {@link SafeText}).
   */
  BadRequest(String message) {
    // A value, not a bug: no stack trace to capture.
    super(SafeText.oneLine(message, MAX_MESSAGE), null, false, false);
  }
}
