package io.muster.extender.api;

import java.util.Optional;

/**
 * Read-only views for operators, returned as JSON-serialisable records (Jackson serialises record
 * components; use {@code java.time} types or strings, and redact secret-looking Spark properties:
 * the edge redacts again as a safety net). Called on a worker thread, never on an event loop.
 */
public interface Inspector {

  /** Everything behind {@code GET /debug/gangs}: gangs, reservations, the waiting queue. */
  Object gangs();

  /** Why {@code namespace/pod} is where it is or why it waits; empty when Muster never saw it. */
  Optional<Object> explain(String namespace, String pod);
}
