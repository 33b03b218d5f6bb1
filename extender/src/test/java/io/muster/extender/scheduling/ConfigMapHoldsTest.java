package io.muster.extender.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConfigMapHoldsTest {
  private static final Duration LONG = Duration.ofMinutes(5);
  private final ConfigMapHolds holds = new ConfigMapHolds();

  @Test
  void aHoldEndsWhenItsConfigMapArrives() {
    CompletableFuture<Void> held = holds.await("spark", List.of("cm"), LONG, n -> false);
    assertThat(held).isNotDone();
    assertThat(holds.waitingFor()).isEqualTo(1);

    holds.arrived("spark", "cm");

    assertThat(held).isCompleted();
    assertThat(holds.waitingFor()).isZero();
  }

  @Test
  void aHoldWaitsForEveryConfigMapItNames() {
    CompletableFuture<Void> held =
        holds.await("spark", List.of("conf", "template"), LONG, n -> false);

    holds.arrived("spark", "conf");
    assertThat(held).isNotDone();
    holds.arrived("spark", "template");

    assertThat(held).isCompleted();
  }

  @Test
  void otherNamespacesAndNamesDoNotEndIt() {
    CompletableFuture<Void> held = holds.await("spark", List.of("cm"), LONG, n -> false);

    holds.arrived("other", "cm");
    holds.arrived("spark", "cm2");

    assertThat(held).isNotDone();
  }

  @Test
  void aConfigMapAlreadyInTheViewEndsTheHoldAtOnce() {
    // it arrived after the caller looked but before the hold registered: nobody announced it
    CompletableFuture<Void> held = holds.await("spark", List.of("cm"), LONG, "cm"::equals);

    assertThat(held).isCompleted();
    assertThat(holds.waitingFor()).isZero();
  }

  @Test
  void aHoldEndsAfterItsBoundAndForgetsItsEntry() throws Exception {
    CompletableFuture<Void> held =
        holds.await("spark", List.of("never"), Duration.ofMillis(20), n -> false);

    held.get(10, TimeUnit.SECONDS);

    assertThat(holds.waitingFor()).isZero();
  }

  @Test
  void oneHoldTimingOutDoesNotCutAnotherHoldOnTheSameConfigMap() throws Exception {
    CompletableFuture<Void> shortHold =
        holds.await("spark", List.of("cm"), Duration.ofMillis(20), n -> false);
    CompletableFuture<Void> longHold = holds.await("spark", List.of("cm"), LONG, n -> false);
    shortHold.get(10, TimeUnit.SECONDS);
    assertThat(longHold).isNotDone();

    holds.arrived("spark", "cm");

    assertThat(longHold).isCompleted();
    assertThat(holds.waitingFor()).isZero();
  }
}
