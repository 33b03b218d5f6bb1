package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.extender.http.wire.ExtenderArgs;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Refusals quote request field names; a hostile name must not break the one-line answer or forge
 * log lines (found by fuzzing: a tab in a field name came back verbatim in the 400 message).
 */
class SafeTextTest {
  @Test
  void controlCharactersAreEscapedAndLongTextIsCut() {
    assertThat(SafeText.oneLine("a\nb\tc\u007fd\u2028e", 100))
        .isEqualTo("a\\u000ab\\u0009c\\u007fd\\u2028e");
    assertThat(SafeText.oneLine("x".repeat(10), 4)).isEqualTo("xxxx…");
    assertThat(SafeText.oneLine("xxxx", 4)).isEqualTo("xxxx");
    assertThat(SafeText.oneLine(null, 4)).isEqualTo("null");
  }

  @Test
  void aControlCharacterInAFieldNameComesBackEscaped() {
    BadRequest refusal = refuse("{\"Pod\":{\"metadata\":{\"labels\":{\"a\\nb\":5}}}}");
    assertThat(refusal.getMessage())
        .isEqualTo("field \"Pod.metadata.labels.a\\u000ab\": expected a string, found a number");
  }

  @Test
  void aHugeFieldNameIsCut() {
    String name = "k".repeat(5000);
    BadRequest refusal = refuse("{\"Pod\":{\"metadata\":{\"labels\":{\"" + name + "\":5}}}}");
    assertThat(refusal.getMessage())
        .startsWith("field \"Pod.metadata.labels.kkk")
        .endsWith("…")
        .hasSize(BadRequest.MAX_MESSAGE + 1);
  }

  private static BadRequest refuse(String body) {
    try {
      WireCodec.decode(Buffer.buffer(body), ExtenderArgs.class);
    } catch (BadRequest e) {
      return e;
    }
    throw new AssertionError("accepted: " + body);
  }
}
