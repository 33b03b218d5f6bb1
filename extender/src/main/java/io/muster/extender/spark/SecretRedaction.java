package io.muster.extender.spark;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Masks values that may be credentials before Spark properties reach logs, {@code /debug} or {@code
 * /explain}: values of keys whose name contains {@code secret}, {@code password}, {@code token},
 * {@code key} or {@code credential} (any case, so {@code spark.hadoop.fs.s3a.access.key} and {@code
 * ...secret.key} too), values that contain one of those words themselves (as Spark's own redaction
 * does: {@code extraJavaOptions=-Dfs.s3a.secret.key=...}), and the user-info part of URLs in any
 * other value ({@code https://user:pw@host}). Deliberately broad: a masked harmless value costs
 * less than a leaked one.
 */
public final class SecretRedaction {
  public static final String MASK = "*********(redacted)";
  private static final Pattern SECRET_KEY =
      Pattern.compile("secret|password|passwd|token|key|credential");
  private static final Pattern URL_USER_INFO = Pattern.compile("(://)[^/@\\s]+@");

  private SecretRedaction() {}

  /** A sorted copy of {@code props} with secret-looking values masked; null values stay null. */
  public static SortedMap<String, String> redact(Map<String, String> props) {
    SortedMap<String, String> out = new TreeMap<>();
    if (props == null) {
      return out;
    }
    props.forEach(
        (k, v) -> {
          if (k != null) {
            out.put(k, redactValue(k, v));
          }
        });
    return out;
  }

  /** The value to show for {@code key}. */
  public static String redactValue(String key, String value) {
    if (value == null) {
      return null;
    }
    if (looksSecret(key) || looksSecret(value)) {
      return MASK;
    }
    return URL_USER_INFO.matcher(value).replaceAll("$1" + MASK + "@");
  }

  /** True when the key name suggests its value is a credential. */
  public static boolean looksSecret(String key) {
    return key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
  }
}
