package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WriteVerdictTest {
  private final ReservationCodec codec = new ReservationCodec();
  private final PersistedReservation mineV1 =
      TestReservations.reservation("ns", "spark-1", "n1", "A", 1, "n2");
  private final PersistedReservation mineV2 =
      TestReservations.reservation("ns", "spark-1", "n1", "A", 2, "n3");
  private final PersistedReservation theirsV5 =
      TestReservations.reservation("ns", "spark-1", "n1", "B", 5, "n2");

  private WriteVerdict write(
      Optional<PersistedReservation> current,
      Optional<ReservationVersion> expected,
      PersistedReservation next) {
    return WriteVerdict.forWrite(
        current.map(codec::encode), expected, next, codec.encode(next), codec);
  }

  @Test
  void firstWriteOnAPodWithoutReservationIsAllowed() {
    assertThat(write(Optional.empty(), Optional.empty(), mineV1))
        .isInstanceOf(WriteVerdict.Allowed.class);
  }

  @Test
  void sameContentIsAlreadyDone() {
    assertThat(write(Optional.of(mineV1), Optional.empty(), mineV1))
        .isInstanceOf(WriteVerdict.AlreadyDone.class);
  }

  @Test
  void ownOlderRevisionMayBeReplaced() {
    assertThat(write(Optional.of(mineV1), Optional.empty(), mineV2))
        .isInstanceOf(WriteVerdict.Allowed.class);
  }

  @Test
  void ownNewerRevisionIsNotOverwrittenByAnOlderOne() {
    assertThat(write(Optional.of(mineV2), Optional.empty(), mineV1))
        .isInstanceOf(WriteVerdict.Refused.class);
  }

  @Test
  void staleReplicaCannotOverwriteAnotherWritersReservation() {
    WriteVerdict v = write(Optional.of(theirsV5), Optional.of(mineV1.version()), mineV2);
    assertThat(v).isInstanceOf(WriteVerdict.Refused.class);
    assertThat(((WriteVerdict.Refused) v).current()).contains(new ReservationVersion("B", 5));
  }

  @Test
  void takeoverFromTheExpectedVersionIsAllowed() {
    PersistedReservation takeover =
        TestReservations.reservation("ns", "spark-1", "n1", "A", 6, "n2");
    assertThat(write(Optional.of(theirsV5), Optional.of(theirsV5.version()), takeover))
        .isInstanceOf(WriteVerdict.Allowed.class);
  }

  @Test
  void removedReservationIsNotRecreatedByAnotherWriter() {
    assertThat(write(Optional.empty(), Optional.of(theirsV5.version()), mineV2))
        .isInstanceOf(WriteVerdict.Refused.class);
    assertThat(write(Optional.empty(), Optional.of(mineV1.version()), mineV2))
        .isInstanceOf(WriteVerdict.Allowed.class);
  }

  @Test
  void garbageOrAnotherGangsReservationIsNotOursAndMayBeReplaced() {
    assertThat(
            WriteVerdict.forWrite(
                Optional.of("{not json"), Optional.empty(), mineV1, codec.encode(mineV1), codec))
        .isInstanceOf(WriteVerdict.Allowed.class);
    PersistedReservation copied = TestReservations.reservation("ns", "spark-9", "n1", "B", 9, "n2");
    assertThat(write(Optional.of(copied), Optional.empty(), mineV1))
        .isInstanceOf(WriteVerdict.Allowed.class);
  }

  @Test
  void releaseRemovesOnlyOwnOrExpectedReservations() {
    assertThat(WriteVerdict.forRelease(Optional.empty(), mineV1, codec))
        .isInstanceOf(WriteVerdict.AlreadyDone.class);
    assertThat(WriteVerdict.forRelease(Optional.of(codec.encode(mineV1)), mineV2, codec))
        .isInstanceOf(WriteVerdict.Allowed.class);
    assertThat(WriteVerdict.forRelease(Optional.of(codec.encode(theirsV5)), mineV2, codec))
        .isInstanceOf(WriteVerdict.Refused.class);
  }
}
