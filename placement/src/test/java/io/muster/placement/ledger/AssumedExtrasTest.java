package io.muster.placement.ledger;

import static io.muster.placement.testing.Gangs.spark;
import static io.muster.placement.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.ExecutorDecision;
import io.muster.placement.ExecutorDecision.Extra;
import io.muster.placement.ExecutorDecision.UseSlot;
import io.muster.placement.ExecutorDecision.Wait;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Resources;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Nodes;
import io.muster.placement.testing.Policies;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An extra executor steered to a node holds its room there until it is seen bound or gone (or the
 * assumption lapses), so a gang decided between the extra's filter answer and its binding is never
 * planned into the same room (extender OverbookingRacesIT, second race).
 */
class AssumedExtrasTest {
  private static final Instant T0 = Gangs.EPOCH.plusSeconds(60);
  private static final PlacementPolicy TIGHT = Policies.policy(PackingStrategy.TIGHTLY_PACK);
  private static final List<String> BOTH = List.of("n1", "n2");

  /** What one of A's executors holds: 2 CPU, 2 GiB, one pod. */
  private static final Resources ONE_EXECUTOR = Resources.of(2000, 2 * Nodes.GI, 1);

  private final GangLedger ledger = new GangLedger();

  /** A: a 2-CPU driver and one 2-CPU executor (at most 3), both bound on n1. */
  private final GangSpec a = spark("ns/a").driver(2, 2).executors(1, 2, 2).max(3).build();

  /** n1 full with A's driver and executor, n2 free. */
  private final ClusterSnapshot aBound =
      Nodes.snapshot(
          node("n1").cpu(4).memGi(16).used(4, 4).usedPods(2).build(),
          node("n2").cpu(4).memGi(16).build());

  @BeforeEach
  void admitAndBindA() {
    ClusterSnapshot empty =
        Nodes.snapshot(node("n1").cpu(4).memGi(16).build(), node("n2").cpu(4).memGi(16).build());
    assertThat(ledger.admit(a, BOTH, TIGHT, empty, T0)).isInstanceOf(Placed.class);
    ledger.observeDriverBound(a.id(), "n1", T0);
    assertThat(ledger.steerAndClaim(a.id(), "x1", BOTH, empty, TIGHT, T0))
        .isEqualTo(new UseSlot(0, "n1"));
    ledger.observeExecutorBound(a.id(), "x1", "n1", T0);
    assertThat(ledger.held()).isEmpty();
  }

  private ExecutorDecision extra(String pod, List<String> offered, Instant now) {
    return ledger.steerAndClaim(a.id(), pod, offered, aBound, TIGHT, now);
  }

  @Test
  void anExtraHoldsItsRoomUntilSeenBoundSoNoGangIsPlannedIntoIt() {
    assertThat(extra("x2", BOTH, T0)).isEqualTo(new Extra(List.of("n2")));
    assertThat(ledger.heldOn("n2")).isEqualTo(ONE_EXECUTOR);
    assertThat(ledger.gang(a.id()).orElseThrow().assumedExtras()).containsEntry("x2", "n2");

    // B needs 4 CPU on one node: n2 has 4 free by bound pods, but 2 are assumed by x2.
    GangSpec b = spark("ns/b").driver(2, 2).executors(1, 2, 2).build();
    assertThat(ledger.admit(b, BOTH, TIGHT, aBound, T0)).isInstanceOf(Unschedulable.class);

    assertThat(ledger.observeExecutorBound(a.id(), "x2", "n2", T0)).isTrue();
    assertThat(ledger.heldOn("n2"))
        .as("bound: counted by the view, not held")
        .isEqualTo(Resources.ZERO);
    assertThat(ledger.gang(a.id()).orElseThrow().assumedExtras()).isEmpty();
    assertThat(ledger.gang(a.id()).orElseThrow().extraExecutors()).containsEntry("x2", "n2");
  }

  @Test
  void aRetriedFilterForTheSameExtraHoldsOnceAndKeepsItsNode() {
    extra("x2", BOTH, T0);
    assertThat(extra("x2", List.of("n2", "n1"), T0.plusSeconds(1)))
        .isEqualTo(new Extra(List.of("n2")));
    assertThat(extra("x2", BOTH, T0.plusSeconds(2))).isEqualTo(new Extra(List.of("n2")));
    assertThat(ledger.heldOn("n2")).isEqualTo(ONE_EXECUTOR);
  }

  @Test
  void anExtraToldToWaitGivesItsRoomBack() {
    extra("x2", BOTH, T0);
    // Retried with only the full n1 offered: it waits, and n2's room is free again.
    assertThat(extra("x2", List.of("n1"), T0.plusSeconds(1))).isInstanceOf(Wait.class);
    assertThat(ledger.held()).isEmpty();
  }

  @Test
  void assumedExtrasCountTowardsTheMaximum() {
    extra("x2", BOTH, T0);
    assertThat(extra("x3", BOTH, T0)).isEqualTo(new Extra(List.of("n2")));
    assertThat(ledger.heldOn("n2"))
        .as("two assumed extras")
        .isEqualTo(ONE_EXECUTOR.plus(ONE_EXECUTOR));
    ExecutorDecision fourth = extra("x4", BOTH, T0);
    assertThat(fourth).isInstanceOf(Wait.class);
    assertThat(((Wait) fourth).message()).contains("already has 3 of at most 3 executors");
  }

  @Test
  void anExtraGoneBeforeItsBindingGivesItsRoomBack() {
    extra("x2", BOTH, T0);
    assertThat(ledger.releaseExecutor(a.id(), "x2", T0)).isTrue();
    assertThat(ledger.held()).isEmpty();
    assertThat(ledger.releaseExecutor(a.id(), "x2", T0)).as("only once").isFalse();
  }

  @Test
  void anAssumptionLapsesAfterTheSlotClaimTimeout() {
    extra("x2", BOTH, T0);
    assertThat(ledger.expire(T0.plus(Policies.SLOT_CLAIM).minusSeconds(1))).isEmpty();
    assertThat(ledger.expire(T0.plus(Policies.SLOT_CLAIM)))
        .containsExactly(new Expiry.ExtrasUnassumed(a.id(), List.of("x2")));
    assertThat(ledger.held()).isEmpty();
  }

  @Test
  void releasingTheGangGivesAssumedRoomBack() {
    extra("x2", BOTH, T0);
    ledger.release(a.id());
    assertThat(ledger.held()).isEmpty();
  }
}
