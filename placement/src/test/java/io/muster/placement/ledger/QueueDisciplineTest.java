package io.muster.placement.ledger;

import static io.muster.placement.policy.QueueDiscipline.BACKFILL;
import static io.muster.placement.policy.QueueDiscipline.NONE;
import static io.muster.placement.policy.QueueDiscipline.STRICT_FIFO;
import static io.muster.placement.testing.Gangs.spark;
import static io.muster.placement.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.PlacementDecision.Unschedulable;
import io.muster.placement.Reason;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangSpec;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Nodes;
import io.muster.placement.testing.Policies;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who goes first: strict-fifo, backfill and none, with priority before age. */
class QueueDisciplineTest {
  private static final Instant NOW = Gangs.EPOCH.plusSeconds(3600);
  private static final List<String> OFFERED = List.of("n1", "n2", "n3");

  private final GangLedger ledger = new GangLedger();

  /**
   * n1 and n2 have 6 CPU free in fragments, n3 is empty (16 CPU each, plenty of memory): the head
   * gang below needs three 8 CPU executors and only n3 can hold any (two).
   */
  private final ClusterSnapshot cluster =
      Nodes.snapshot(
          node("n1").cpu(16).memGi(64).used(10, 0).build(),
          node("n2").cpu(16).memGi(64).used(10, 0).build(),
          node("n3").cpu(16).memGi(64).build());

  private static GangSpec head() {
    return spark("ns/head").driver(1, 1).executors(3, 8, 1).createdAt(0).build();
  }

  /** Small executors that fit into n1/n2's fragments, which the head cannot use. */
  private static GangSpec fragmentFiller() {
    return spark("ns/small").driver(1, 1).executors(4, 2, 1).createdAt(10).build();
  }

  /** One big executor: fits only on n3, room the head could use. */
  private static GangSpec bigOne() {
    return spark("ns/big").driver(1, 1).executors(1, 8, 1).createdAt(20).build();
  }

  private PlacementDecision admit(GangSpec gang, QueueDiscipline queue) {
    return ledger.admit(gang, OFFERED, Policies.queue(queue), cluster, NOW);
  }

  private void headWaits(QueueDiscipline queue) {
    PlacementDecision d = admit(head(), queue);
    assertThat(d).isInstanceOf(Unschedulable.class);
    assertThat(((Unschedulable) d).reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
  }

  @Test
  void strictFifoBlocksEveryYoungerGangAndNamesTheBlocker() {
    headWaits(STRICT_FIFO);
    PlacementDecision d = admit(fragmentFiller(), STRICT_FIFO);
    assertThat(d).isInstanceOf(Unschedulable.class);
    Unschedulable u = (Unschedulable) d;
    assertThat(u.reason()).isEqualTo(Reason.EARLIER_GANG_FIRST);
    assertThat(u.message())
        .isEqualTo(
            "fits now, but waits behind 1 earlier application; ns/head waits first under"
                + " strict-fifo (insufficient-capacity)");
    assertThat(ledger.waiting())
        .extracting(w -> w.gang().id().appId())
        .containsExactly("head", "small");
  }

  @Test
  void theYoungerGangIsAdmittedOnceTheHeadIsGone() {
    headWaits(STRICT_FIFO);
    admit(fragmentFiller(), STRICT_FIFO);
    ledger.release(head().id());
    assertThat(admit(fragmentFiller(), STRICT_FIFO)).isInstanceOf(Placed.class);
  }

  @Test
  void aHeadThatCanNeverFitBlocksNobody() {
    GangSpec huge = spark("ns/huge").driver(1, 1).executors(50, 8, 1).createdAt(0).build();
    PlacementDecision d = ledger.admit(huge, OFFERED, Policies.queue(STRICT_FIFO), cluster, NOW);
    assertThat(((Unschedulable) d).reason()).isEqualTo(Reason.GANG_EXCEEDS_CLUSTER);
    assertThat(admit(fragmentFiller(), STRICT_FIFO)).isInstanceOf(Placed.class);
  }

  @Test
  void higherPriorityGoesBeforeAge() {
    GangSpec urgent =
        spark("ns/urgent").driver(1, 1).executors(3, 8, 1).createdAt(100).priority(10).build();
    PlacementDecision waiting =
        ledger.admit(urgent, OFFERED, Policies.queue(STRICT_FIFO), cluster, NOW);
    assertThat(waiting).isInstanceOf(Unschedulable.class);
    // The older head, at priority 0, now queues behind the younger urgent gang.
    PlacementDecision d = admit(head(), STRICT_FIFO);
    assertThat(((Unschedulable) d).message()).contains("waiting behind 1 earlier application");
    PlacementDecision small = admit(fragmentFiller(), STRICT_FIFO);
    assertThat(((Unschedulable) small).message()).contains("ns/urgent waits first");
    assertThat(ledger.waiting())
        .extracting(w -> w.gang().id().appId())
        .containsExactly("urgent", "head", "small");
  }

  @Test
  void noneLetsAnyGangThatFitsPass() {
    headWaits(NONE);
    assertThat(admit(bigOne(), STRICT_FIFO)).isInstanceOf(Placed.class);
  }

  @Test
  void backfillAdmitsAYoungerGangThatOnlyUsesRoomTheHeadCannotUse() {
    headWaits(BACKFILL);
    assertThat(admit(fragmentFiller(), BACKFILL)).isInstanceOf(Placed.class);
  }

  @Test
  void backfillBlocksAYoungerGangThatWouldShrinkTheHeadsPlan() {
    headWaits(BACKFILL);
    PlacementDecision d = admit(bigOne(), BACKFILL);
    assertThat(d).isInstanceOf(Unschedulable.class);
    Unschedulable u = (Unschedulable) d;
    assertThat(u.reason()).isEqualTo(Reason.EARLIER_GANG_FIRST);
    assertThat(u.message())
        .isEqualTo(
            "fits now, but waits behind 1 earlier application; admitting it would shrink the plan"
                + " of ns/head, first under backfill, from 2 to 1 executors");
  }

  @Test
  void backfillKeepsAHeadThatFitsNowAdmissible() {
    // The head fits (two 8 CPU executors on n3) but has not been asked again since room freed.
    GangSpec fittingHead = spark("ns/head").driver(1, 1).executors(2, 8, 1).createdAt(0).build();
    PlacementPolicy backfill = Policies.queue(BACKFILL);
    ClusterSnapshot before =
        Nodes.snapshot(
            node("n1").cpu(16).memGi(64).used(10, 0).build(),
            node("n2").cpu(16).memGi(64).used(10, 0).build(),
            node("n3").cpu(16).memGi(64).used(16, 0).build());
    assertThat(ledger.admit(fittingHead, OFFERED, backfill, before, NOW))
        .isInstanceOf(Unschedulable.class);
    // Now n3 is empty: the small gang (fragments) may pass, the big one may not.
    assertThat(admit(bigOne(), BACKFILL)).isInstanceOf(Unschedulable.class);
    assertThat(admit(fragmentFiller(), BACKFILL)).isInstanceOf(Placed.class);
    assertThat(ledger.admit(fittingHead, OFFERED, backfill, cluster, NOW))
        .isInstanceOf(Placed.class);
  }

  @Test
  void eachWaitingGangIsProtectedByItsOwnPolicy() {
    headWaits(NONE);
    // The younger gang's own discipline does not matter: the head (none) lets it pass.
    assertThat(admit(bigOne(), STRICT_FIFO)).isInstanceOf(Placed.class);
  }

  @Test
  void aRetriedWaitingGangIsNotBlockedByItself() {
    headWaits(STRICT_FIFO);
    headWaits(STRICT_FIFO);
    assertThat(ledger.waiting()).hasSize(1);
  }
}
