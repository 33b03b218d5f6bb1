package io.muster.placement.ledger;

import static io.muster.placement.testing.Gangs.spark;
import static io.muster.placement.testing.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.PlacementDecision.Placed;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangPhase;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.testing.Gangs;
import io.muster.placement.testing.Nodes;
import io.muster.placement.testing.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every wait has a bound: unbound drivers, unclaimed slots and silent waiting gangs expire. */
class ExpiryTest {
  private static final Instant T0 = Gangs.EPOCH.plusSeconds(60);
  private static final PlacementPolicy POLICY = Policies.policy(PackingStrategy.TIGHTLY_PACK);
  private static final Duration BIND = Policies.DRIVER_BIND;
  private static final Duration CLAIM = Policies.SLOT_CLAIM;

  private final GangLedger ledger = new GangLedger(Duration.ofMinutes(15));
  private final ClusterSnapshot cluster = Nodes.snapshot(node("n1").cpu(16).memGi(64).build());
  private final GangSpec app = spark("ns/app").driver(1, 1).executors(3, 2, 2).build();

  private Reservation admit() {
    return ((Placed) ledger.admit(app, List.of("n1"), POLICY, cluster, T0)).reservation();
  }

  @Test
  void anUnboundReservationExpiresAtItsDriverBindDeadline() {
    Reservation r = admit();
    assertThat(ledger.expire(T0.plus(BIND).minusMillis(1))).isEmpty();
    assertThat(ledger.expire(T0.plus(BIND))).containsExactly(new Expiry.ReservationExpired(r));
    assertThat(ledger.phase(app.id())).isEmpty();
    assertThat(ledger.held()).isEmpty();
  }

  @Test
  void aBoundDriverStopsTheDriverDeadline() {
    admit();
    ledger.observeDriverBound(app.id(), "n1", T0.plusSeconds(10));
    assertThat(ledger.expire(T0.plus(BIND).plusSeconds(1))).isEmpty();
    assertThat(ledger.phase(app.id())).contains(GangPhase.DRIVER_BOUND);
  }

  @Test
  void openSlotsUnclaimedAfterTheDriverBoundAreDroppedAndClaimsThatNeverBoundLapse() {
    admit();
    Instant bound = T0.plusSeconds(10);
    ledger.observeDriverBound(app.id(), "n1", bound);
    ledger.claim(app.id(), 0, "e0", bound.plusSeconds(5));
    ledger.observeExecutorBound(app.id(), "e0", "n1", bound.plusSeconds(6));
    ledger.claim(app.id(), 1, "e1", bound.plusSeconds(60));
    // Slot 2 stays OPEN from the driver's binding; slot 1 is claimed a minute later.
    assertThat(ledger.expire(bound.plus(CLAIM).minusMillis(1))).isEmpty();
    List<Expiry> first = ledger.expire(bound.plus(CLAIM));
    assertThat(first).hasSize(1);
    Expiry.SlotsExpired dropped = (Expiry.SlotsExpired) first.get(0);
    assertThat(dropped.dropped()).containsExactly(Slot.open(2, "n1"));
    assertThat(dropped.unclaimed()).isEmpty();
    assertThat(dropped.reservation().slots())
        .containsExactly(
            new Slot(0, "n1", SlotState.BOUND, Optional.of("e0")),
            new Slot(1, "n1", SlotState.CLAIMED, Optional.of("e1")));

    List<Expiry> second = ledger.expire(bound.plusSeconds(60).plus(CLAIM));
    Expiry.SlotsExpired lapsed = (Expiry.SlotsExpired) second.get(0);
    assertThat(lapsed.unclaimed())
        .containsExactly(new Slot(1, "n1", SlotState.CLAIMED, Optional.of("e1")));
    assertThat(ledger.reservation(app.id()).orElseThrow().slots().get(1))
        .isEqualTo(Slot.open(1, "n1"));
    // The reopened slot gets a fresh clock: dropped one timeout later, then the gang is complete.
    Instant later = bound.plusSeconds(60).plus(CLAIM).plus(CLAIM);
    assertThat(ledger.expire(later)).hasSize(1);
    assertThat(ledger.reservation(app.id()).orElseThrow().slots()).hasSize(1);
    assertThat(ledger.phase(app.id())).contains(GangPhase.COMPLETE);
    assertThat(ledger.held()).isEmpty();
  }

  @Test
  void aWaitingGangWhoseDriverStopsAskingIsForgotten() {
    GangSpec big = spark("ns/big").driver(1, 1).executors(3, 8, 1).build();
    ClusterSnapshot busy = Nodes.snapshot(node("n1").cpu(16).memGi(64).used(10, 0).build());
    ledger.admit(big, List.of("n1"), POLICY, busy, T0);
    ledger.admit(big, List.of("n1"), POLICY, busy, T0.plusSeconds(600));
    assertThat(ledger.expire(T0.plusSeconds(600).plus(Duration.ofMinutes(15)).minusMillis(1)))
        .isEmpty();
    assertThat(ledger.expire(T0.plusSeconds(600).plus(Duration.ofMinutes(15))))
        .containsExactly(new Expiry.WaitingExpired(big.id()));
    assertThat(ledger.waiting()).isEmpty();
  }
}
