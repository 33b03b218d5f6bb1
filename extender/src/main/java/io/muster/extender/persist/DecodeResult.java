package io.muster.extender.persist;

/** The outcome of reading a persisted reservation: the value, or a clear reason it is unusable. */
public sealed interface DecodeResult {
  record Decoded(PersistedReservation value) implements DecodeResult {}

  /** {@code error} names the JSON path and what is wrong, e.g. {@code slots[2].state: ...}. */
  record Invalid(String error) implements DecodeResult {}
}
