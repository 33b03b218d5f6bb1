package io.muster.extender.http;

/**
 * A request Muster refuses before any scheduling logic sees it; the message names the problem and
 * goes back to the caller verbatim, so it must never contain request content beyond field names.
 */
final class BadRequest extends Exception {
  BadRequest(String message) {
    super(message, null, false, false); // a value, not a bug: no stack trace to capture
  }
}
