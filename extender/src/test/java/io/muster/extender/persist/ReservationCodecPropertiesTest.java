package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeSelectorRequirement;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReservationCodecPropertiesTest {
  private final ReservationCodec codec = new ReservationCodec();

  @Property(tries = 300)
  void everyReservationRoundTrips(@ForAll("reservations") PersistedReservation p) {
    assertThat(codec.decode(codec.encode(p))).isEqualTo(new DecodeResult.Decoded(p));
  }

  @Property(tries = 500)
  void arbitraryTextNeverThrows(@ForAll String text) {
    assertThat(codec.decode(text)).isNotNull();
  }

  @Property(tries = 300)
  void mutatedReservationsNeverThrow(
      @ForAll("reservations") PersistedReservation p,
      @ForAll("positions") int position,
      @ForAll("junk") String junk) {
    String json = codec.encode(p);
    int at = Math.min(position, json.length());
    String mutated = json.substring(0, at) + junk + json.substring(Math.min(json.length(), at + 1));
    assertThat(codec.decode(mutated)).isNotNull();
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 2000);
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.of("", "\"", "{", "}", "[", "-1", "null", "1e400", ",", "\\u0000", "9");
  }

  @Provide
  Arbitrary<PersistedReservation> reservations() {
    Arbitrary<GangSpec> gangs =
        Combinators.combine(
                names(),
                names(),
                Arbitraries.longs().between(0, 4_000_000_000L),
                Arbitraries.integers().between(-1000, 1000),
                resources().optional(),
                resources().filter(r -> !r.isZero()),
                Arbitraries.integers().between(0, 12),
                constraints())
            .as(
                (ns, app, secs, prio, driver, exec, min, c) ->
                    new GangSpec(
                        new GangId(ns, app),
                        Instant.ofEpochSecond(secs, secs % 1_000_000_007L % 1_000_000_000L),
                        prio,
                        driver,
                        exec,
                        min,
                        min + (int) (secs % 5),
                        c));
    return Combinators.combine(
            gangs,
            names(),
            Arbitraries.of(SlotState.values()).list().ofMaxSize(12),
            names().list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            Arbitraries.longs().between(0, 4_000_000_000L),
            Arbitraries.of(true, false))
        .as(
            (gang, writer, states, nodes, revision, at, driverBound) -> {
              List<Slot> slots = new ArrayList<>();
              for (int i = 0; i < gang.minExecutors(); i++) {
                SlotState st = i < states.size() ? states.get(i) : SlotState.OPEN;
                String node = nodes.get(i % nodes.size());
                slots.add(
                    new Slot(
                        i,
                        node,
                        st,
                        st == SlotState.OPEN ? Optional.empty() : Optional.of("exec-" + i)));
              }
              Optional<String> driverNode = gang.driver().map(d -> nodes.get(0));
              Reservation r =
                  new Reservation(
                      gang,
                      driverNode,
                      driverNode.isPresent() && driverBound,
                      slots,
                      Instant.ofEpochSecond(at));
              return new PersistedReservation(r, "policy-" + writer, writer, revision);
            });
  }

  private static Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('-', '.', 'é', '"', '\\')
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  private static Arbitrary<Resources> resources() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 1_000_000),
            Arbitraries.longs().between(0, 1L << 50),
            Arbitraries.longs().between(0, 3),
            Arbitraries.maps(names(), Arbitraries.longs().between(0, 100)).ofMaxSize(2))
        .as(Resources::new);
  }

  private static Arbitrary<PodConstraints> constraints() {
    Arbitrary<NodeSelectorRequirement> req =
        Combinators.combine(
                names(), Arbitraries.of(NodeSelectorRequirement.Operator.values()), names())
            .as(
                (k, op, v) ->
                    switch (op) {
                      case IN, NOT_IN -> new NodeSelectorRequirement(k, op, List.of(v, v + "x"));
                      case EXISTS, DOES_NOT_EXIST -> new NodeSelectorRequirement(k, op, List.of());
                      case GT, LT -> new NodeSelectorRequirement(k, op, List.of("" + v.length()));
                    });
    Arbitrary<Toleration> tol =
        Combinators.combine(
                names(),
                Arbitraries.of(Toleration.Operator.values()),
                names(),
                Arbitraries.of(TaintEffect.values()).optional())
            .as(
                (k, op, v, e) ->
                    op == Toleration.Operator.EXISTS
                        ? new Toleration(k.length() % 3 == 0 ? "" : k, op, "", e)
                        : new Toleration(k, op, v, e));
    return Combinators.combine(
            Arbitraries.maps(names(), names()).ofMaxSize(3),
            req.list().ofMinSize(1).ofMaxSize(3).map(NodeSelectorTerm::new).list().ofMaxSize(2),
            tol.list().ofMaxSize(3))
        .as(
            (Map<String, String> s, List<NodeSelectorTerm> t, List<Toleration> o) ->
                new PodConstraints(s, t, o));
  }
}
