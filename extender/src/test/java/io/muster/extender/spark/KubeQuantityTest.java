package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KubeQuantityTest {
  @ParameterizedTest(name = "{0} cpu = {1}m")
  @CsvSource({
    "1, 1000",
    "2, 2000",
    "500m, 500",
    "0.5, 500",
    "1.5, 1500",
    "0.0001, 1", // rounds up, like Quantity.MilliValue()
    "100u, 1",
    "1000000n, 1",
    "1e3, 1000000",
    "1E-3, 1",
    "0, 0",
    "-0, 0",
    "+2, 2000",
    ".5, 500",
    "5., 5000",
    "2k, 2000000",
  })
  void cpuInMillicoresRoundedUp(String text, long milli) {
    assertThat(KubeQuantity.parseMilli(text, "cpu")).isEqualTo(milli);
  }

  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource({
    "4505Mi, 4723834880",
    "5Gi, 5368709120",
    "2432Mi, 2550136832",
    "1Ki, 1024",
    "1.5Gi, 1610612736",
    "1G, 1000000000",
    "1M, 1000000",
    "128974848, 128974848",
    "129e6, 129000000",
    "1E, 1000000000000000000",
    "1Ei, 1152921504606846976",
    "0.5, 1", // rounds up, like Quantity.Value()
    "1500m, 2",
  })
  void memoryInBytesRoundedUp(String text, long bytes) {
    assertThat(KubeQuantity.parseUnits(text, "memory")).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " 1", "1 ", "1 Gi", "4gb", "4g", "1mi", "1KI", "Gi", "1.2.3", "0x10", "1e", "1e1000",
        "--1", "abc"
      })
  void rejectsWhatKubernetesRejects(String text) {
    assertThatThrownBy(() -> KubeQuantity.parse(text, "requests[memory]"))
        .isInstanceOf(InvalidQuantityException.class)
        .hasMessageStartingWith("requests[memory]: ")
        .satisfies(
            e -> assertThat(((InvalidQuantityException) e).field()).isEqualTo("requests[memory]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-0.5", "-1Gi", "-500m"})
  void rejectsNegativeQuantities(String text) {
    assertThatThrownBy(() -> KubeQuantity.parse(text, "f"))
        .isInstanceOf(InvalidQuantityException.class)
        .hasMessageContaining("negative");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8Ei", "9223372036854775808", "10E"})
  void rejectsValuesBeyondLongRange(String text) {
    assertThatThrownBy(() -> KubeQuantity.parse(text, "f"))
        .isInstanceOf(InvalidQuantityException.class)
        .hasMessageContaining("too large");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807"})
  void millicoresOverflowIsAnErrorNotAWrap(String text) {
    assertThat(KubeQuantity.parse(text, "cpu")).isEqualTo(new BigDecimal(text));
    assertThatThrownBy(() -> KubeQuantity.parseMilli(text, "cpu"))
        .isInstanceOf(InvalidQuantityException.class)
        .hasMessageContaining("overflows");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1000000000000000000000000000000000000000000000000000000000000001"})
  void rejectsOverlongInput(String text) {
    assertThatThrownBy(() -> KubeQuantity.parse(text + "0", "f"))
        .isInstanceOf(InvalidQuantityException.class)
        .hasMessageContaining("longer than");
  }
}
