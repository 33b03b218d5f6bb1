package io.muster.extender.persist;

/** The outcome of writing (or releasing) a reservation annotation. Never an exception. */
public sealed interface PersistResult {
  /** The annotation now holds what was asked; {@code resourceVersion} is the pod's new one. */
  record Written(String resourceVersion) implements PersistResult {}

  /**
   * Another writer's newer reservation is on the pod (or was removed by it): this replica's view is
   * stale and must not overwrite it. {@code current} is what the pod carries, when readable.
   */
  record Conflict(String message, java.util.Optional<ReservationVersion> current)
      implements PersistResult {}

  /** The anchor pod does not exist (any more). */
  record NotFound() implements PersistResult {}

  /** No answer within the bound: the write may or may not have happened. */
  record TimedOut(java.time.Duration after) implements PersistResult {}

  /** The API refused the write for another reason ({@code code} 0: no HTTP answer). */
  record Failed(int code, String message) implements PersistResult {}
}
