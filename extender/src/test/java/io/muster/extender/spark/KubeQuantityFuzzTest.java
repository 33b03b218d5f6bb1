package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Kubernetes quantities from any text: a non-negative exact amount within {@code Long.MAX_VALUE},
 * or an {@link InvalidQuantityException} naming the field; the rounded conversions agree with the
 * exact amount. Seeds: {@code KubeQuantityFuzzTestInputs/}; run with {@code extender/fuzz.sh}.
 */
class KubeQuantityFuzzTest {
  private static final String FIELD = "spec.containers[app].resources.requests[cpu]";
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  @FuzzTest
  @DictionaryEntries({"Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "m", "k", "M", "G", "e", "E", "e-", "."})
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    BigDecimal amount;
    try {
      amount = KubeQuantity.parse(text, FIELD);
    } catch (InvalidQuantityException e) {
      assertThat(e.field()).isEqualTo(FIELD);
      assertThat(e.getMessage()).startsWith(FIELD + ": ");
      return;
    }
    assertThat(amount.signum()).isGreaterThanOrEqualTo(0);
    assertThat(amount).isLessThanOrEqualTo(BigDecimal.valueOf(Long.MAX_VALUE));
    checkRounding(amount, THOUSAND, () -> KubeQuantity.milli(amount, FIELD));
    checkRounding(amount, BigDecimal.ONE, () -> KubeQuantity.units(amount, FIELD));
    String plain = amount.toPlainString();
    if (plain.length() <= 64) { // the parser's length cap; longer plain forms are rejected
      assertThat(KubeQuantity.parse(plain, FIELD)).isEqualByComparingTo(amount);
    }
  }

  /** {@code convert} is the ceiling of {@code amount × scale}, or refuses a value past a long. */
  private static void checkRounding(
      BigDecimal amount, BigDecimal scale, java.util.function.LongSupplier convert) {
    BigDecimal exact = amount.multiply(scale).setScale(0, RoundingMode.CEILING);
    long converted;
    try {
      converted = convert.getAsLong();
    } catch (InvalidQuantityException e) {
      assertThat(exact).isGreaterThan(BigDecimal.valueOf(Long.MAX_VALUE));
      assertThat(e.field()).isEqualTo(FIELD);
      return;
    }
    assertThat(BigDecimal.valueOf(converted)).isEqualByComparingTo(exact);
  }
}
