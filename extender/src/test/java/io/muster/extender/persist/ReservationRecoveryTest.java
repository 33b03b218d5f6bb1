package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.extender.cluster.ClusterIndex;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodRef;
import io.muster.extender.cluster.PodTrimmer;
import io.muster.extender.cluster.TestPods;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReservationRecoveryTest {
  private final ReservationCodec codec = new ReservationCodec();
  private final ReservationRecovery recovery = new ReservationRecovery(codec);
  private final ClusterIndex view = new ClusterIndex();
  private final PodTrimmer trimmer =
      new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS);

  private void add(TestPods.PodMaker pod) {
    view.upsertPod(trimmer.trim(pod.build()));
  }

  private void driver(String name, String app, PersistedReservation r, String node) {
    add(
        TestPods.pod("ns", name)
            .app(app)
            .driver()
            .node(node)
            .annotation(MusterAnnotations.RESERVATION, codec.encode(r)));
  }

  @Test
  void restoresAnUntouchedReservationAsPersisted() {
    PersistedReservation r =
        TestReservations.reservation("ns", "spark-1", "n1", "A", 1, "n2", "n3");
    driver("d", "spark-1", r, null);

    RecoveryReport report = recovery.recover(view);

    assertThat(report.skipped()).isEmpty();
    assertThat(report.gangs()).hasSize(1);
    RecoveredGang g = report.gangs().get(0);
    assertThat(g.anchor()).isEqualTo(new PodRef("ns", "d"));
    assertThat(g.persisted()).isEqualTo(r);
    assertThat(g.restored()).isEqualTo(r.reservation());
    assertThat(g.findings()).isEmpty();
    assertThat(g.claims()).isEmpty();
  }

  @Test
  void boundExecutorsClaimTheirSlotsAndTheDriverIsMarkedBound() {
    PersistedReservation r =
        TestReservations.withSlot(
            TestReservations.reservation("ns", "spark-1", "n1", "A", 3, "n2", "n3", "n3"),
            0,
            SlotState.CLAIMED,
            "e1");
    driver("d", "spark-1", r, "n1");
    add(TestPods.pod("ns", "e1").app("spark-1").executor().node("n2"));
    // Bound on n3 but never written into the reservation (claim lost in a crash).
    add(TestPods.pod("ns", "e2").app("spark-1").executor().node("n3"));
    // Still pending: no claim.
    add(TestPods.pod("ns", "e3").app("spark-1").executor());

    RecoveredGang g = recovery.recover(view).gangs().get(0);

    assertThat(g.restored().driverBound()).isTrue();
    assertThat(g.restored().slots())
        .containsExactly(
            new Slot(0, "n2", SlotState.BOUND, Optional.of("e1")),
            new Slot(1, "n3", SlotState.BOUND, Optional.of("e2")),
            Slot.open(2, "n3"));
    assertThat(g.claims())
        .containsExactly(
            new ObservedClaim("e1", "n2", OptionalInt.of(0)),
            new ObservedClaim("e2", "n3", OptionalInt.of(1)));
    assertThat(g.findings()).isEmpty();
  }

  @Test
  void slotsOfVanishedOrMovedExecutorsAreReleasedAndExtrasReported() {
    PersistedReservation base =
        TestReservations.reservation("ns", "spark-1", "n1", "A", 3, "n2", "n3");
    PersistedReservation r =
        TestReservations.withSlot(
            TestReservations.withSlot(base, 0, SlotState.BOUND, "gone"), 1, SlotState.BOUND, "e2");
    driver("d", "spark-1", r, "n9");
    // e2 held slot 1 on n3 but is bound on n4 (no slot there).
    add(TestPods.pod("ns", "e2").app("spark-1").executor().node("n4"));
    // Two executors on n2, which has one slot: one takes it, one is excess.
    add(TestPods.pod("ns", "e5").app("spark-1").executor().node("n2"));
    add(TestPods.pod("ns", "e6").app("spark-1").executor().node("n2"));
    // A finished executor is no claim.
    add(TestPods.pod("ns", "e7").app("spark-1").executor().node("n3").phase("Failed"));

    RecoveredGang g = recovery.recover(view).gangs().get(0);

    assertThat(g.restored().slots())
        .containsExactly(new Slot(0, "n2", SlotState.BOUND, Optional.of("e5")), Slot.open(1, "n3"));
    assertThat(g.findings())
        .containsExactlyInAnyOrder(
            new RecoveryFinding.SlotReleased(0, "n2", "gone", "pod is gone or finished"),
            new RecoveryFinding.SlotReleased(1, "n3", "e2", "pod is bound on n4"),
            new RecoveryFinding.ExecutorOffSlot("e2", "n4"),
            new RecoveryFinding.ExcessExecutorOnSlotNode("e6", "n2"),
            new RecoveryFinding.DriverBoundElsewhere("n1", "n9"));
    assertThat(g.restored().driverNode()).contains("n9");
  }

  @Test
  void reservationsOfFinishedOrDeletedDriversAreDropped() {
    PersistedReservation r1 = TestReservations.reservation("ns", "spark-1", "n1", "A", 1, "n2");
    PersistedReservation r2 = TestReservations.reservation("ns", "spark-2", "n1", "A", 1, "n2");
    add(
        TestPods.pod("ns", "d1")
            .app("spark-1")
            .driver()
            .phase("Succeeded")
            .annotation(MusterAnnotations.RESERVATION, codec.encode(r1)));
    var deleting =
        TestPods.pod("ns", "d2")
            .app("spark-2")
            .driver()
            .annotation(MusterAnnotations.RESERVATION, codec.encode(r2))
            .build();
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    view.upsertPod(trimmer.trim(deleting));

    RecoveryReport report = recovery.recover(view);

    assertThat(report.gangs()).isEmpty();
    assertThat(report.skipped())
        .allSatisfy(s -> assertThat(s).isInstanceOf(SkippedReservation.DriverGone.class))
        .hasSize(2);
  }

  @Test
  void garbageMismatchAndOlderCopiesAreSkippedAsValues() {
    add(TestPods.pod("ns", "junk").app("spark-1").annotation(MusterAnnotations.RESERVATION, "{"));
    PersistedReservation other = TestReservations.reservation("ns", "spark-9", "n1", "A", 1, "n2");
    add(
        TestPods.pod("ns", "copied")
            .app("spark-1")
            .driver()
            .annotation(MusterAnnotations.RESERVATION, codec.encode(other)));
    PersistedReservation older = TestReservations.reservation("ns", "spark-1", "n1", "A", 1, "n2");
    PersistedReservation newer = TestReservations.reservation("ns", "spark-1", "n1", "B", 2, "n3");
    driver("d", "spark-1", newer, null);
    add(
        TestPods.pod("ns", "e-old")
            .app("spark-1")
            .executor()
            .annotation(MusterAnnotations.RESERVATION, codec.encode(older)));

    RecoveryReport report = recovery.recover(view);

    assertThat(report.gangs())
        .singleElement()
        .satisfies(g -> assertThat(g.persisted()).isEqualTo(newer));
    assertThat(report.skipped())
        .extracting(s -> s.getClass().getSimpleName())
        .containsExactlyInAnyOrder("Mismatched", "Superseded", "Undecodable");
  }

  @Test
  void clientModeGangLivesWhileAnyOfItsPodsLives() {
    io.muster.placement.model.GangSpec g =
        new io.muster.placement.model.GangSpec(
            new io.muster.placement.model.GangId("ns", "spark-c"),
            TestReservations.CREATED,
            0,
            Optional.empty(),
            io.muster.placement.model.Resources.pod(1000, 1 << 30),
            2,
            2,
            io.muster.placement.model.PodConstraints.NONE);
    PersistedReservation r =
        new PersistedReservation(
            new io.muster.placement.model.Reservation(
                g,
                Optional.empty(),
                false,
                java.util.List.of(Slot.open(0, "n1"), Slot.open(1, "n2")),
                TestReservations.RESERVED),
            "default",
            "A",
            1);
    add(
        TestPods.pod("ns", "e1")
            .app("spark-c")
            .executor()
            .node("n1")
            .annotation(MusterAnnotations.RESERVATION, codec.encode(r)));

    RecoveredGang gang = recovery.recover(view).gangs().get(0);
    assertThat(gang.restored().slots().get(0).state()).isEqualTo(SlotState.BOUND);

    add(
        TestPods.pod("ns", "e1")
            .app("spark-c")
            .executor()
            .node("n1")
            .phase("Succeeded")
            .annotation(MusterAnnotations.RESERVATION, codec.encode(r)));
    assertThat(recovery.recover(view).gangs()).isEmpty();
  }
}
