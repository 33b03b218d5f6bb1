package io.muster.extender.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.PreemptVerdict;
import io.muster.extender.cluster.ClusterIndex;
import io.muster.extender.cluster.NodeTranslator;
import io.muster.extender.cluster.PodTrimmer;
import io.muster.extender.cluster.TestPods;
import io.muster.placement.PlacementDecision;
import io.muster.placement.ledger.GangLedger;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.policy.PlacementPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The preemption guard over a cluster index and a real ledger; no API, no threads. */
class PreemptionGuardTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final long GI = 1L << 30;
  private static final GangId GANG = new GangId("spark", "app-1");

  private final ClusterIndex index = new ClusterIndex();
  private final GangLedger ledger = new GangLedger();
  private final PodTrimmer trimmer =
      new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS);
  private PreemptionGuard guard;
  private Reservation reservation;

  @BeforeEach
  void admittedGang() {
    for (String n : List.of("n1", "n2", "n3", "n4")) {
      index.upsertNode(NodeTranslator.translate(TestPods.node(n, "4", "16Gi")));
    }
    GangSpec spec =
        new GangSpec(
            GANG,
            NOW,
            0,
            Optional.of(Resources.pod(1000, GI)),
            Resources.pod(2000, 2 * GI),
            3,
            3,
            PodConstraints.NONE);
    PlacementDecision d =
        ledger.admit(
            spec, List.of("n1", "n2", "n3"), PlacementPolicy.DEFAULT, index.snapshot(), NOW);
    reservation = ((PlacementDecision.Placed) d).reservation();
    ledger.claim(GANG, 0, "exec-1", NOW);
    // the pods as the view sees them: driver, the executor holding slot 0, an extra executor, and
    // two pods of nobody's gang
    add(
        TestPods.pod("spark", "driver")
            .app("app-1")
            .driver()
            .uid("u-driver")
            .node(reservation.driverNode().orElseThrow()));
    add(
        TestPods.pod("spark", "exec-1")
            .app("app-1")
            .executor()
            .uid("u-exec-1")
            .node(reservation.slots().get(0).node()));
    add(TestPods.pod("spark", "exec-9").app("app-1").executor().uid("u-exec-9").node("n4"));
    add(TestPods.pod("spark", "web-1").uid("u-web-1").node(reservation.driverNode().get()));
    add(TestPods.pod("spark", "web-4").uid("u-web-4").node("n4"));
    guard =
        new PreemptionGuard(
            new Collaborators(
                ledger, index, null, null, null, null, null, null, null, null, null, null));
  }

  private void add(TestPods.PodMaker p) {
    index.upsertPod(trimmer.trim(p.build()));
  }

  @Test
  void nodesWhoseVictimsIncludeTheGangsDriverOrSlotHolderAreDropped() {
    Map<String, List<String>> proposal = new LinkedHashMap<>();
    victim(proposal, reservation.driverNode().get(), "u-web-1");
    victim(proposal, reservation.driverNode().get(), "u-driver");
    victim(proposal, reservation.slots().get(0).node(), "u-exec-1");
    victim(proposal, "n4", "u-web-4");
    victim(proposal, "n4", "u-exec-9");

    PreemptVerdict v = guard.judge(request(TestPods.pod("spark", "urgent").build(), proposal));

    // an extra executor (no slot) and pods of no gang may go; the driver and slot holder never
    assertThat(v.victimUidsByNode()).containsOnlyKeys("n4");
    assertThat(v.victimUidsByNode().get("n4")).containsExactly("u-web-4", "u-exec-9");
    assertThat(v.pdbViolationsByNode()).containsOnlyKeys("n4");
  }

  private static void victim(Map<String, List<String>> proposal, String node, String uid) {
    proposal.computeIfAbsent(node, n -> new ArrayList<>()).add(uid);
  }

  @Test
  void anExecutorOfTheGangMayPreemptOnlyOnItsSlotNodes() {
    Set<String> slotNodes =
        reservation.slots().stream().map(Slot::node).collect(Collectors.toSet());
    Map<String, List<String>> proposal = new LinkedHashMap<>();
    proposal.put("n4", List.of("u-web-4"));
    for (String n : slotNodes) {
      proposal.putIfAbsent(n, List.of("u-other-" + n));
    }
    Pod exec2 = TestPods.pod("spark", "exec-2").app("app-1").executor().build();

    PreemptVerdict v = guard.judge(request(exec2, proposal));

    assertThat(v.victimUidsByNode().keySet()).isEqualTo(slotNodes);
  }

  @Test
  void anExecutorOfAWaitingGangPreemptsNowhere() {
    GangSpec big =
        new GangSpec(
            new GangId("spark", "app-big"),
            NOW,
            0,
            Optional.of(Resources.pod(1000, GI)),
            Resources.pod(4000, GI),
            4,
            4,
            PodConstraints.NONE);
    assertThat(
            ledger.admit(
                big,
                List.of("n1", "n2", "n3", "n4"),
                PlacementPolicy.DEFAULT,
                index.snapshot(),
                NOW))
        .isInstanceOf(PlacementDecision.Unschedulable.class);
    Pod exec = TestPods.pod("spark", "big-exec-1").app("app-big").executor().build();

    PreemptVerdict v = guard.judge(request(exec, Map.of("n4", List.of("u-web-4"))));

    assertThat(v.victimUidsByNode()).isEmpty();
  }

  @Test
  void anExecutorMusterHoldsNoGangForIsTreatedLikeAnyPod() {
    Pod exec = TestPods.pod("spark", "lone-exec").app("app-lone").executor().build();

    PreemptVerdict v = guard.judge(request(exec, Map.of("n4", List.of("u-web-4"))));

    assertThat(v.victimUidsByNode()).containsOnlyKeys("n4");
  }

  @Test
  void aReleasedGangProtectsNothing() {
    ledger.release(GANG);
    Map<String, List<String>> proposal =
        Map.of(reservation.driverNode().get(), List.of("u-driver"));

    PreemptVerdict v = guard.judge(request(TestPods.pod("spark", "urgent").build(), proposal));

    assertThat(v.victimUidsByNode()).isEqualTo(proposal);
  }

  private static PreemptRequest request(Pod preemptor, Map<String, List<String>> victims) {
    Map<String, Long> pdb = new LinkedHashMap<>();
    victims.keySet().forEach(n -> pdb.put(n, 0L));
    return new PreemptRequest(preemptor, victims, pdb);
  }
}
