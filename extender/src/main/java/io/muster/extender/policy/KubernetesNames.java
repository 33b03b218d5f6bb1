package io.muster.extender.policy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API server's syntax rules for the names a rule may mention, so that a selector that could
 * never match a real object is rejected instead of silently matching nothing. Each method returns
 * what is wrong, or empty when the text is valid.
 */
final class KubernetesNames {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private KubernetesNames() {}

  /** A namespace name, and also Muster's rule names: an RFC 1123 label of at most 63 characters. */
  static Optional<String> dnsLabelProblem(String text) {
    if (text.isEmpty() || text.length() > 63 || !DNS_LABEL.matcher(text).matches()) {
      return Optional.of(
          "must be 1-63 lower-case letters, digits or '-', starting and ending with a letter or"
              + " digit");
    }
    return Optional.empty();
  }

  /** A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 chars. */
  static Optional<String> labelKeyProblem(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return Optional.of(
            "prefix must be a DNS subdomain (e.g. example.com) of at most 253 chars");
      }
    }
    if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
      return Optional.of(
          "name must be 1-63 characters: letters, digits, '-', '_' or '.', starting and ending"
              + " with a letter or digit");
    }
    return Optional.empty();
  }

  /** A label value: empty, or at most 63 chars with the same alphabet as a key's name. */
  static Optional<String> labelValueProblem(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > 63 || !QUALIFIED_NAME.matcher(value).matches()) {
      return Optional.of(
          "must be empty or 1-63 characters: letters, digits, '-', '_' or '.', starting and"
              + " ending with a letter or digit");
    }
    return Optional.empty();
  }
}
