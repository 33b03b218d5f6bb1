package io.muster.extender.api;

import java.util.Objects;

/** Everything the HTTP edge calls into, grouped so the server has one collaborator to wire. */
public record ExtenderBackend(SchedulerVerbs verbs, Inspector inspector, Readiness readiness) {
  public ExtenderBackend {
    Objects.requireNonNull(verbs, "verbs");
    Objects.requireNonNull(inspector, "inspector");
    Objects.requireNonNull(readiness, "readiness");
  }
}
