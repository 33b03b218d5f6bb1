package io.muster.extender.persist;

import java.util.Optional;

/**
 * Whether a write may replace the reservation annotation a pod carries now. Pure; the rules are the
 * optimistic-concurrency contract of {@link ReservationStore}:
 *
 * <ul>
 *   <li>no annotation: allowed when none was expected, or the writer wrote the expected one itself;
 *   <li>unreadable, or a reservation of another gang (a copied manifest): allowed, it is not ours;
 *   <li>the expected version, or an older revision of the same writer: allowed;
 *   <li>exactly what is being written: already done;
 *   <li>anything else (another writer's version that was not expected): refused.
 * </ul>
 */
sealed interface WriteVerdict {
  record Allowed() implements WriteVerdict {}

  record AlreadyDone() implements WriteVerdict {}

  record Refused(String message, Optional<ReservationVersion> current) implements WriteVerdict {}

  static WriteVerdict forWrite(
      Optional<String> currentRaw,
      Optional<ReservationVersion> expected,
      PersistedReservation next,
      String nextJson,
      ReservationCodec codec) {
    if (currentRaw.isEmpty()) {
      if (expected.isEmpty() || expected.get().writer().equals(next.writer())) {
        return new Allowed();
      }
      return new Refused(
          "reservation " + expected.get() + " was removed from the pod by another writer",
          Optional.empty());
    }
    if (currentRaw.get().equals(nextJson)) {
      return new AlreadyDone();
    }
    if (!(codec.decode(currentRaw.get()) instanceof DecodeResult.Decoded(PersistedReservation d))
        || !d.gang().equals(next.gang())) {
      return new Allowed();
    }
    if (d.equals(next)) {
      return new AlreadyDone();
    }
    if (expected.isPresent() && d.version().equals(expected.get())) {
      return new Allowed();
    }
    if (d.writer().equals(next.writer()) && d.revision() < next.revision()) {
      return new Allowed();
    }
    return new Refused(
        "pod carries reservation "
            + d.version()
            + ", expected "
            + expected.map(ReservationVersion::toString).orElse("none"),
        Optional.of(d.version()));
  }

  static WriteVerdict forRelease(
      Optional<String> currentRaw, PersistedReservation held, ReservationCodec codec) {
    if (currentRaw.isEmpty()) {
      return new AlreadyDone();
    }
    if (!(codec.decode(currentRaw.get()) instanceof DecodeResult.Decoded(PersistedReservation d))) {
      return new Allowed();
    }
    if (!d.gang().equals(held.gang())) {
      return new AlreadyDone();
    }
    if (d.version().equals(held.version())
        || (d.writer().equals(held.writer()) && d.revision() <= held.revision())) {
      return new Allowed();
    }
    return new Refused(
        "pod carries reservation " + d.version() + ", newer than " + held.version(),
        Optional.of(d.version()));
  }
}
