package io.muster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.muster.e2e.Violations.Kind;
import io.muster.placement.model.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The soak's checker can fail: each invariant is shown violated on a hand-made ledger answer and
 * pod list, and a ledger that has not yet seen a pod bound is not taken for a violation. No
 * cluster: plain values only.
 */
class SoakChecksTest {
  private static final long GIB = 1024L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A static plan: driver 1 CPU, executors of 2 CPU / 4096 MiB heap (4505 MiB pods). */
  private final AppPlan plan =
      new AppPlan(
          1, "static", 1, 1024, 3, 2, 4096, false, 3, 3, 5, Duration.ofSeconds(10), 0, false, 1L);

  private final SoakApp app = new SoakApp(plan, null, null, () -> false, Duration.ofSeconds(1));
  private final Violations found = new Violations();
  private final RoomChecks room =
      new RoomChecks(
          Map.of("n1", Resources.of(8000, 32 * GIB, 110), "n2", Resources.of(8000, 32 * GIB, 110)),
          id -> id.equals(app.spark.appId) ? Optional.of(app) : Optional.empty(),
          found,
          2);
  private final GangChecks gangs =
      new GangChecks(id -> id.equals(app.spark.appId) ? Optional.of(app) : Optional.empty(), found);

  @Test
  void boundPodsOverANodesAllocatableAreFlagged() {
    room.nodesNotOvercommitted(
        List.of(pod("a", "n1", "executor", 5), pod("b", "n1", "executor", 4)));
    assertThat(found.counts()).containsEntry(Kind.NODE_OVERCOMMITTED, 1);
  }

  @Test
  void heldSlotsAndBoundPodsOverAllocatableAreSightedAndAViolationWhenTheyPersist() {
    // 4 CPU bound by another pod + 3 open slots of 2 CPU on n1 = 10 CPU of 8.
    LedgerSample ledger = ledger(slots("OPEN", "", "OPEN", "", "OPEN", ""), "6 CPU / 13.2 GiB");
    List<Pod> stable = List.of(pod("other", "n1", null, 4));

    room.ledgerNotOverbooked(ledger, stable);
    found.endRound();
    assertThat(found.observed()).containsEntry(Kind.LEDGER_OVERBOOKED, 1);
    assertThat(found.observedSamples().get(0)).contains("slot 0 OPEN", "slot 2 OPEN", "10 CPU");
    assertThat(found.counts()).as("sighted in one check only").isEmpty();
    room.ledgerNotOverbooked(ledger, stable);
    found.endRound();
    assertThat(found.counts()).containsEntry(Kind.LEDGER_OVERBOOKED, 1);
  }

  @Test
  void aClaimedSlotWhosePodIsAlreadyBoundCountsOnce() {
    // The ledger has not yet seen exec-1 bound: its CLAIMED slot and the pod are the same room.
    String exec = app.spark.executorPrefix + "-exec-1";
    LedgerSample ledger =
        ledger(slots("CLAIMED", exec, "OPEN", "", "OPEN", ""), "6 CPU / 13.2 GiB");
    room.ledgerNotOverbooked(
        ledger, List.of(pod("other", "n1", null, 2), pod(exec, "n1", "executor", 2)));
    room.heldAgreesWithReservations(ledger);
    found.endRound();
    assertThat(found.seen()).isZero();
  }

  @Test
  void aStreakEndsWhenARoundDoesNotContinueIt() {
    found.suspect("n1", Kind.LEDGER_OVERBOOKED, "over", 2);
    found.endRound();
    found.endRound();
    found.suspect("n1", Kind.LEDGER_OVERBOOKED, "over", 2);
    found.endRound();
    assertThat(found.counts()).isEmpty();
    assertThat(found.observed()).containsEntry(Kind.LEDGER_OVERBOOKED, 2);
    assertThat(found.longestStreak()).containsEntry(Kind.LEDGER_OVERBOOKED, 1);
  }

  @Test
  void heldByNodeThatDisagreesWithTheReservationsIsFlagged() {
    room.heldAgreesWithReservations(
        ledger(slots("OPEN", "", "OPEN", "", "BOUND", "x"), "6 CPU / 8.8 GiB"));
    assertThat(found.counts()).containsEntry(Kind.HELD_DISAGREES, 1);
  }

  @Test
  void anExecutorBoundOutsideItsGangsSlotsIsAViolationOnlyWhenItPersists() {
    String exec = app.spark.executorPrefix + "-exec-7";
    LedgerSample ledger = ledger(slots("BOUND", "e1", "BOUND", "e2", "BOUND", "e3"), "");
    List<Pod> stable = List.of(pod(exec, "n2", "executor", 2));

    gangs.executorsOnTheirSlots(ledger, stable);
    found.endRound();
    assertThat(found.counts()).as("one round: the ledger may not have seen it yet").isEmpty();
    gangs.executorsOnTheirSlots(ledger, stable);
    found.endRound();
    assertThat(found.counts()).containsEntry(Kind.EXECUTOR_OUTSIDE_SLOTS, 1);
  }

  @Test
  void anAssumedExtraHoldsRoomUntilItsPodIsSeenBoundThere() {
    String extra = app.spark.executorPrefix + "-exec-4";
    LedgerSample ledger =
        ledger(
            slots("BOUND", "e1", "BOUND", "e2", "BOUND", "e3"), "", "{\"" + extra + "\":\"n1\"}");

    // 7 CPU bound by another pod + the extra's 2 assumed = 9 CPU of 8.
    room.ledgerNotOverbooked(ledger, List.of(pod("other", "n1", null, 7)));
    found.endRound();
    assertThat(found.observedSamples()).singleElement().asString().contains("extra " + extra);

    // Bound there, the extra counts as its pod, not twice: 6 + 2 = 8 CPU of 8.
    room.ledgerNotOverbooked(
        ledger, List.of(pod("other", "n1", null, 6), pod(extra, "n1", "executor", 2)));
    found.endRound();
    assertThat(found.observed()).containsEntry(Kind.LEDGER_OVERBOOKED, 1);
  }

  @Test
  void anAssumedExtraBoundOnItsNodeIsNotOutsideTheSlots() {
    String extra = app.spark.executorPrefix + "-exec-4";
    LedgerSample ledger =
        ledger(
            slots("BOUND", "e1", "BOUND", "e2", "BOUND", "e3"), "", "{\"" + extra + "\":\"n2\"}");
    gangs.executorsOnTheirSlots(ledger, List.of(pod(extra, "n2", "executor", 2)));
    found.endRound();
    assertThat(found.observed()).doesNotContainKey(Kind.EXECUTOR_OUTSIDE_SLOTS);
    gangs.executorsOnTheirSlots(ledger, List.of(pod(extra, "n1", "executor", 2)));
    found.endRound();
    assertThat(found.observed()).as("bound elsewhere").containsKey(Kind.EXECUTOR_OUTSIDE_SLOTS);
  }

  @Test
  void theReservationAnnotationOnAnExecutorIsFlagged() {
    Pod executor = pod("e", "n1", "executor", 2);
    executor.getMetadata().setAnnotations(Map.of(GangChecks.RESERVATION, "{}"));
    gangs.annotationsOnlyOnLiveDrivers(List.of(executor));
    assertThat(found.counts()).containsEntry(Kind.STRAY_RESERVATION_ANNOTATION, 1);
  }

  @Test
  void plannedApplicationsFitTheClusterAndCarryTheirSizes() {
    Random r = new Random(7);
    for (int i = 0; i < 500; i++) {
      AppPlan p = AppPlan.draw(r, i);
      assertThat(p.driverDemand().plus(p.executorDemand().times(p.minExecutors())).milliCpu())
          .as("%s fits the 32-CPU cluster", p)
          .isLessThanOrEqualTo(32_000);
      assertThat(p.executors()).isBetween(p.minExecutors(), p.maxExecutors());
    }
  }

  private LedgerSample ledger(String slotsJson, String held) {
    return ledger(slotsJson, held, "{}");
  }

  private LedgerSample ledger(String slotsJson, String held, String assumedJson) {
    String gang =
        "{\"gang\":\"spark/"
            + app.spark.appId
            + "\",\"phase\":\"DRIVER_BOUND\",\"reservation\":{\"driverNode\":\"n2\","
            + "\"driverBound\":true,\"slots\":"
            + slotsJson
            + "},\"assumedExtras\":"
            + assumedJson
            + "}";
    String heldByNode = held.isEmpty() ? "{}" : "{\"n1\":\"" + held + "\"}";
    return LedgerSample.of(tree("{\"gangs\":[" + gang + "],\"heldByNode\":" + heldByNode + "}"));
  }

  /** Three slots on n1: state and pod (empty for none) of each. */
  private static String slots(String... stateAndPod) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < stateAndPod.length; i += 2) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"index\":")
          .append(i / 2)
          .append(",\"node\":\"n1\",\"state\":\"")
          .append(stateAndPod[i])
          .append('"')
          .append(stateAndPod[i + 1].isEmpty() ? "" : ",\"pod\":\"" + stateAndPod[i + 1] + "\"")
          .append('}');
    }
    return sb.append(']').toString();
  }

  private Pod pod(String name, String node, String role, int cpu) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("spark")
            .withUid("uid-" + name)
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .endMetadata();
    if (role != null) {
      b.editMetadata()
          .addToLabels("spark-role", role)
          .addToLabels("spark-app-selector", app.spark.appId)
          .endMetadata();
    }
    return b.withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("c")
        .withNewResources()
        .withRequests(
            Map.of("cpu", new Quantity(Integer.toString(cpu)), "memory", new Quantity("4505Mi")))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
