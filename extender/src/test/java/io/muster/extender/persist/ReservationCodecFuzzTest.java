package io.muster.extender.persist;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import io.muster.placement.strategy.HeldRoom;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code muster.io/reservation} annotation from any text (anyone who may edit pods may write
 * it, and recovery reads it at every start): {@link ReservationCodec#decode} answers {@code
 * Decoded} or {@code Invalid}, never throws; a decoded value encodes to a canonical form that
 * decodes to the same value ({@code decode(encode(x)) == x}); and what every later decision
 * computes from it (the room it holds per node, the gang's minimum demand) can be computed. Seeds:
 * encoded sample reservations and a few near misses.
 */
class ReservationCodecFuzzTest {
  private static final ReservationCodec CODEC = new ReservationCodec();

  @FuzzTest
  @DictionaryEntries({
    "\"version\":1",
    "\"writer\":",
    "\"revision\":",
    "\"policy\":",
    "\"reservedAt\":\"2026-01-01T00:00:00Z\"",
    "\"gang\":",
    "\"namespace\":",
    "\"appId\":",
    "\"createdAt\":",
    "\"priority\":",
    "\"driver\":",
    "\"executor\":",
    "\"milliCpu\":",
    "\"memoryBytes\":",
    "\"pods\":",
    "\"extended\":",
    "\"minExecutors\":",
    "\"maxExecutors\":",
    "\"executorConstraints\":",
    "\"nodeSelector\":",
    "\"requiredTerms\":",
    "\"matchExpressions\":",
    "\"tolerations\":",
    "\"operator\":\"In\"",
    "\"operator\":\"Exists\"",
    "\"effect\":\"NoSchedule\"",
    "\"driverNode\":",
    "\"driverBound\":",
    "\"slots\":",
    "\"state\":\"OPEN\"",
    "\"state\":\"CLAIMED\"",
    "\"state\":\"BOUND\"",
    "9223372036854775807",
    "2147483647"
  })
  void decode(byte[] input) {
    DecodeResult result = CODEC.decode(new String(input, StandardCharsets.UTF_8));
    switch (result) {
      case DecodeResult.Invalid invalid -> assertThat(invalid.error()).isNotBlank();
      case DecodeResult.Decoded decoded -> {
        String encoded = CODEC.encode(decoded.value());
        assertThat(CODEC.decode(encoded)).isEqualTo(result);
        assertThat(CODEC.encode(decoded.value())).isEqualTo(encoded);
        usable(decoded.value().reservation());
      }
    }
  }

  /** What recovery, snapshots and the placer compute from every live reservation. */
  private static void usable(Reservation r) {
    HeldRoom held = HeldRoom.of(List.of(r));
    r.driverNode().ifPresent(n -> assertThat(held.on(n)).isEqualTo(r.heldOn(n)));
    for (Slot s : r.slots()) {
      assertThat(held.on(s.node())).isEqualTo(r.heldOn(s.node()));
    }
    assertThat(r.gang().minimumDemand()).isNotNull();
  }
}
