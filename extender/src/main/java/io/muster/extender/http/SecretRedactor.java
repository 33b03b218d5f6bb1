package io.muster.extender.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Last line of defence for {@code /debug} and {@code /explain}: Spark properties can carry
 * credentials ({@code spark.hadoop.fs.s3a.secret.key}, OAuth tokens, keystore passwords), so the
 * value of every secret-looking key is replaced, and {@code key=value} pairs inside strings are
 * masked too. Over-redacting a debug view is cheap; leaking a key is not.
 */
final class SecretRedactor {
  static final String REDACTED = "<redacted>";

  private static final List<String> WORDS =
      List.of("secret", "password", "passwd", "token", "credential", "apikey", "privatekey");

  /**
   * {@code key} as a separate segment ({@code s3a.access.key}) or camel-case word ({@code
   * accessKey}).
   */
  private static final Pattern KEY_SEGMENT =
      Pattern.compile("(^|[._-])[kK]ey($|[._-])|[a-z0-9]Key($|[A-Z._-])");

  private static final Pattern INLINE_PAIR =
      Pattern.compile(
          "([\\w.-]*(?i:secret|password|passwd|token|credential|apikey|access\\.key|secret\\.key"
              + "|accesskey|secretkey)[\\w.-]*)=([^\\s,;&\"']+)");

  private SecretRedactor() {}

  static boolean secretLooking(String key) {
    if (key.equals("key")) {
      return false; // a field name of tolerations and selectors, not a credential
    }
    String lower = key.toLowerCase(Locale.ROOT);
    for (String word : WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return KEY_SEGMENT.matcher(key).find();
  }

  /** Redacts {@code tree} in place and returns it. */
  static JsonNode redact(JsonNode tree) {
    if (tree instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      for (Map.Entry<String, JsonNode> field : fields) {
        if (secretLooking(field.getKey()) && !field.getValue().isNull()) {
          object.set(field.getKey(), TextNode.valueOf(REDACTED));
        } else {
          object.set(field.getKey(), redact(field.getValue()));
        }
      }
      return object;
    }
    if (tree instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, redact(array.get(i)));
      }
      return array;
    }
    if (tree.isTextual()) {
      String masked = INLINE_PAIR.matcher(tree.asText()).replaceAll("$1=" + REDACTED);
      return masked.equals(tree.asText()) ? tree : TextNode.valueOf(masked);
    }
    return tree;
  }
}
