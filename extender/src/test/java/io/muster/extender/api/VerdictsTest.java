package io.muster.extender.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictsTest {
  private static final List<String> NODES = List.of("n1", "n2", "n3");

  @Test
  void passAllPassesEveryNodeAndFailsNone() {
    FilterVerdict v = FilterVerdict.passAll(NODES);

    assertThat(v.passed()).isEqualTo(NODES);
    assertThat(v.failed()).isEmpty();
    assertThat(v.unresolvable()).isEmpty();
  }

  @Test
  void failAllPutsEveryNodeInTheMapItsResolvabilityNames() {
    FilterVerdict waits = FilterVerdict.failAll(NODES, "waiting for 3 CPU", true);
    FilterVerdict never = FilterVerdict.failAll(NODES, "gang exceeds cluster", false);

    assertThat(waits.passed()).isEmpty();
    assertThat(waits.failed()).containsOnlyKeys(NODES).containsValue("waiting for 3 CPU");
    assertThat(waits.unresolvable()).isEmpty();
    assertThat(never.failed()).isEmpty();
    assertThat(never.unresolvable()).containsOnlyKeys(NODES);
  }

  @Test
  void onlyPassesOneNodeAndExplainsTheOthers() {
    FilterVerdict v = FilterVerdict.only("n2", "not this executor's slot", false);

    assertThat(v.passed()).containsExactly("n2");
    assertThat(v.reasonFor("n1"))
        .contains(new FilterVerdict.Others("not this executor's slot", false));
    assertThat(v.reasonFor("n2")).isEmpty();
    // O(1): the other nodes are explained by one message, not a map of every node.
    assertThat(v.failed()).isEmpty();
    assertThat(v.unresolvable()).isEmpty();
  }

  @Test
  void reasonForPrefersUnresolvableThenFailedThenOthers() {
    FilterVerdict v =
        new FilterVerdict(
            List.of("n1"),
            Map.of("n2", "full", "n3", "full"),
            Map.of("n3", "wrong zone"),
            Optional.of(new FilterVerdict.Others("elsewhere", true)));

    assertThat(v.reasonFor("n3")).contains(new FilterVerdict.Others("wrong zone", false));
    assertThat(v.reasonFor("n2")).contains(new FilterVerdict.Others("full", true));
    assertThat(v.reasonFor("n4")).contains(new FilterVerdict.Others("elsewhere", true));
    assertThat(v.reasonFor("n1")).isEmpty();
    assertThat(FilterVerdict.passAll(NODES).reasonFor("n9")).isEmpty();
  }

  @Test
  void verdictsCopyTheirInputs() {
    List<String> passed = new ArrayList<>(List.of("n1"));
    FilterVerdict v = new FilterVerdict(passed, Map.of(), Map.of());
    passed.add("n2");

    assertThat(v.passed()).containsExactly("n1");
  }

  @Test
  void scoresStayWithinTheExtenderRange() {
    assertThat(new HostScore("n1", 0).score()).isZero();
    assertThat(new HostScore("n1", 10).score()).isEqualTo(10);
    assertThatThrownBy(() -> new HostScore("n1", 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("score 11 for n1 is outside 0..10");
    assertThatThrownBy(() -> new HostScore("n1", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bindVerdicts() {
    assertThat(BindVerdict.ok().error()).isEmpty();
    assertThat(BindVerdict.failed("slot taken").error()).isEqualTo(Optional.of("slot taken"));
  }

  @Test
  void preemptVerdicts() {
    PreemptRequest request =
        new PreemptRequest(new Pod(), Map.of("n1", List.of("u1", "u2")), Map.of("n1", 1L));

    assertThat(PreemptVerdict.acceptAll(request).victimUidsByNode())
        .isEqualTo(Map.of("n1", List.of("u1", "u2")));
    assertThat(PreemptVerdict.acceptAll(request).pdbViolationsByNode()).isEqualTo(Map.of("n1", 1L));
    assertThat(PreemptVerdict.none().victimUidsByNode()).isEmpty();
  }
}
