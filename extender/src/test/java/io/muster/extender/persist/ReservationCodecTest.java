package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.SlotState;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReservationCodecTest {
  private final ReservationCodec codec = new ReservationCodec();

  @Test
  void roundTripsEveryField() {
    PersistedReservation p =
        TestReservations.withSlot(
            TestReservations.reservation("spark", "spark-1", "n1", "muster-0", 7, "n2", "n3"),
            1,
            SlotState.BOUND,
            "app-exec-2");
    String json = codec.encode(p);
    assertThat(codec.decode(json)).isEqualTo(new DecodeResult.Decoded(p));
  }

  @Test
  void roundTripsAClientModeGangWithoutDriver() {
    GangSpec g =
        new GangSpec(
            new GangId("ns", "spark-c"),
            TestReservations.CREATED,
            -3,
            Optional.empty(),
            Resources.pod(500, 1 << 20),
            1,
            1,
            PodConstraints.NONE);
    Reservation r =
        new Reservation(
            g,
            Optional.empty(),
            false,
            List.of(io.muster.placement.model.Slot.open(0, "n1")),
            TestReservations.RESERVED);
    PersistedReservation p = new PersistedReservation(r, "strict", "w", 1);
    String json = codec.encode(p);
    assertThat(json).doesNotContain("driverNode").doesNotContain("\"driver\"");
    assertThat(codec.decode(json)).isEqualTo(new DecodeResult.Decoded(p));
  }

  @Test
  void encodingIsDeterministicAndVersioned() {
    PersistedReservation p = TestReservations.reservation("spark", "spark-1", "n1", "w", 1, "n2");
    assertThat(codec.encode(p)).isEqualTo(codec.encode(p)).startsWith("{\"version\":1,");
  }

  static Stream<Arguments> garbage() {
    String good =
        new ReservationCodec()
            .encode(TestReservations.reservation("spark", "spark-1", "n1", "w", 1, "n2"));
    return Stream.of(
        Arguments.of("", "empty"),
        Arguments.of("   ", "empty"),
        Arguments.of("{", "not valid JSON"),
        Arguments.of("[]", "$: expected an object"),
        Arguments.of("42", "$: expected an object"),
        Arguments.of("null", "$: expected an object"),
        Arguments.of("{}", "$.version: missing"),
        Arguments.of(good.replace("\"version\":1", "\"version\":2"), "schema version 2"),
        Arguments.of(good.replace("\"version\":1", "\"version\":\"1\""), "$.version: expected"),
        Arguments.of(good.replace("\"revision\":1", "\"revision\":-1"), "$.revision"),
        Arguments.of(good.replace("\"revision\":1", "\"revision\":0"), "$.revision"),
        Arguments.of(
            good.replace("\"revision\":1", "\"revision\":99999999999999999999999"), "$.revision"),
        Arguments.of(good.replace("\"revision\":1", "\"revision\":1.5"), "$.revision"),
        Arguments.of(good.replace("\"writer\":\"w\"", "\"writer\":\"\""), "$.writer: is empty"),
        Arguments.of(good.replace("\"state\":\"OPEN\"", "\"state\":\"FOO\""), "$.slots[0].state"),
        Arguments.of(good.replace("\"milliCpu\":2000", "\"milliCpu\":-5"), "executor.milliCpu"),
        Arguments.of(
            good.replace("\"reservedAt\":\"2026-01-01T10:00:01Z\"", "\"reservedAt\":\"yesterday\""),
            "$.reservedAt: not an RFC 3339 instant"),
        Arguments.of(good.replace("\"operator\":\"In\"", "\"operator\":\"Near\""), "operator"),
        Arguments.of(good.replace("\"effect\":\"NoSchedule\"", "\"effect\":\"Never\""), "effect"),
        Arguments.of(good.replace("\"driverNode\":\"n1\",", ""), "inconsistent reservation"),
        Arguments.of(good.replace("\"minExecutors\":1", "\"minExecutors\":9"), "inconsistent"),
        Arguments.of(
            good.replace("\"state\":\"OPEN\"", "\"state\":\"OPEN\",\"pod\":\"p\""),
            "inconsistent reservation"),
        Arguments.of(
            good.replace("\"slots\":[", "\"slots\":{\"a\":[") + "}", "$.slots: expected an array"),
        Arguments.of(
            good.replace("\"policy\":\"default\"", "\"policy\":\"default\",\"policy\":\"x\""),
            "not valid JSON"),
        Arguments.of("[".repeat(5000), "not valid JSON"),
        Arguments.of("\"" + "x".repeat(ReservationCodec.MAX_DECODE_CHARS + 1) + "\"", "over"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("garbage")
  void rejectsGarbageWithAClearReason(String json, String reason) {
    DecodeResult r = codec.decode(json);
    assertThat(r).isInstanceOf(DecodeResult.Invalid.class);
    assertThat(((DecodeResult.Invalid) r).error()).contains(reason);
  }

  @Test
  void ignoresUnknownFieldsOfTheSameVersion() {
    PersistedReservation p = TestReservations.reservation("spark", "spark-1", "n1", "w", 1, "n2");
    String json = codec.encode(p).replace("{\"version\":1,", "{\"version\":1,\"future\":[1,2],");
    assertThat(codec.decode(json)).isEqualTo(new DecodeResult.Decoded(p));
  }
}
