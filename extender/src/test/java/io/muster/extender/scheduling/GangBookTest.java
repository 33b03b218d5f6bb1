package io.muster.extender.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.extender.cluster.PodRef;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.policy.ResolvedPolicy;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.policy.PlacementPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GangBookTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private static final GangId A = new GangId("spark", "app-a");
  private static final GangId B = new GangId("spark", "app-b");
  private static final GangId C = new GangId("spark", "app-c");
  private static final ResolvedPolicy POLICY =
      new ResolvedPolicy("default", PlacementPolicy.DEFAULT);

  private final GangBook book = new GangBook();

  @Test
  void aDeletedPodIsRememberedForAWhileThenForgottenOldestFirst() {
    book.podDeleted("uid-1", T);
    book.podDeleted("uid-2", T.plusSeconds(30));
    book.podDeleted("", T);

    assertThat(book.deleted("uid-1")).isTrue();
    assertThat(book.deleted("uid-3")).isFalse();
    assertThat(book.deleted("")).as("a pod without uid is never taken for a deleted one").isFalse();
    book.forgetDeletedBefore(T.plusSeconds(10));
    assertThat(book.deleted("uid-1")).isFalse();
    assertThat(book.deleted("uid-2")).isTrue();
    book.forgetDeletedBefore(T.plus(GangBook.DELETED_MEMORY).plusSeconds(31));
    assertThat(book.deleted("uid-2")).isFalse();
  }

  @Test
  void anAdmittedGangIsNoLongerAWaitingDriver() {
    book.driverWaits(A, driver(A));
    book.admit(admitted(A, 1));

    assertThat(book.waitingDrivers()).isEmpty();
    assertThat(book.admitted(A)).isPresent();
    assertThat(book.policy(A)).contains(POLICY);
  }

  @Test
  void forgettingAGangForgetsEverythingAboutIt() {
    book.admit(admitted(A, 1));
    book.attempted(persisted(A, 2));
    book.executorWaits(A, new PodRef("spark", "a-exec-1"));

    assertThat(book.forget(A)).isPresent();

    assertThat(book.admitted(A)).isEmpty();
    assertThat(book.policy(A)).isEmpty();
    assertThat(book.lastWritten(A)).isEmpty();
    assertThat(book.takeWaitingExecutors(A)).isEmpty();
  }

  @Test
  void theLastWrittenVersionIsTheNewerOfTheAdmissionAndTheLastAttempt() {
    assertThat(book.lastWritten(A)).isEmpty();

    book.attempted(persisted(A, 1)); // a write that failed (it may have landed)
    assertThat(book.lastWritten(A).map(PersistedReservation::revision)).contains(1L);

    book.admit(admitted(A, 2));
    assertThat(book.lastWritten(A).map(PersistedReservation::revision)).contains(2L);

    book.update(book.admitted(A).get().withPersisted(persisted(A, 3)));
    assertThat(book.lastWritten(A).map(PersistedReservation::revision)).contains(3L);

    book.attempted(persisted(A, 4));
    assertThat(book.lastWritten(A).map(PersistedReservation::revision)).contains(4L);
  }

  @Test
  void waitingDriversComeInQueueOrderThenInTheOrderTheyWereTold() {
    book.driverWaits(A, driver(A));
    book.driverWaits(B, driver(B));
    book.driverWaits(C, driver(C));

    assertThat(book.waitingDrivers(List.of(C, A), 10))
        .containsExactly(driver(C), driver(A), driver(B));
    assertThat(book.waitingDrivers(List.of(C, A), 2)).containsExactly(driver(C), driver(A));
    assertThat(book.waitingDrivers(List.of(), 10)).containsExactly(driver(A), driver(B), driver(C));
  }

  @Test
  void waitingExecutorsAreHandedOutOnce() {
    book.executorWaits(A, new PodRef("spark", "e1"));
    book.executorWaits(A, new PodRef("spark", "e1"));
    book.executorWaits(A, new PodRef("spark", "e2"));

    assertThat(book.takeWaitingExecutors(A))
        .containsExactly(new PodRef("spark", "e1"), new PodRef("spark", "e2"));
    assertThat(book.takeWaitingExecutors(A)).isEmpty();
  }

  @Test
  void podsAwaitingAConfigMapAreHandedOutOncePerNamespaceAndName() {
    book.awaitConfigMap("spark", "cm", driver(A));
    book.awaitConfigMap("other", "cm", driver(B));

    assertThat(book.takeAwaitingConfigMap("spark", "cm")).containsExactly(driver(A));
    assertThat(book.takeAwaitingConfigMap("spark", "cm")).isEmpty();
    assertThat(book.takeAwaitingConfigMap("other", "cm")).containsExactly(driver(B));
  }

  @Test
  void aPodThatIsGoneWaitsForNothing() {
    PodRef exec = new PodRef("spark", "e1");
    book.awaitConfigMap("spark", "cm", driver(A));
    book.executorWaits(A, exec);
    book.executorWaits(A, new PodRef("spark", "e2"));

    book.forgetPod(driver(A));
    book.forgetPod(exec);

    assertThat(book.takeAwaitingConfigMap("spark", "cm")).isEmpty();
    assertThat(book.takeWaitingExecutors(A)).containsExactly(new PodRef("spark", "e2"));
  }

  private static PodRef driver(GangId g) {
    return new PodRef(g.namespace(), g.appId() + "-driver");
  }

  private static GangBook.Admitted admitted(GangId g, long revision) {
    return new GangBook.Admitted(g, driver(g), POLICY, persisted(g, revision), T, false);
  }

  private static PersistedReservation persisted(GangId g, long revision) {
    GangSpec spec =
        new GangSpec(
            g,
            T,
            0,
            Optional.of(Resources.pod(1000, 1L << 30)),
            Resources.pod(1000, 1L << 30),
            1,
            1,
            PodConstraints.NONE);
    Reservation r = new Reservation(spec, Optional.of("n1"), false, List.of(Slot.open(0, "n1")), T);
    return new PersistedReservation(r, "default", "writer-1", revision);
  }
}
