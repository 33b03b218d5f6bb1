package io.muster.extender.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Collects path-qualified violations, as scheduler-plugins' {@code field.ErrorList} does. The list
 * is capped so that a hostile document cannot turn into a huge log line or event; user text is
 * quoted, shortened and stripped of control characters for the same reason.
 */
final class Violations {
  static final int MAX_REPORTED = 50;
  private static final int MAX_QUOTED = 64;
  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private final List<String> messages = new ArrayList<>();
  private int count;

  /** Records {@code path: message}; an empty path means the document as a whole. */
  void add(String path, String format, Object... args) {
    count++;
    if (messages.size() < MAX_REPORTED) {
      String message = String.format(Locale.ROOT, format, args);
      messages.add(path.isEmpty() ? message : path + ": " + message);
    }
  }

  boolean isEmpty() {
    return count == 0;
  }

  int count() {
    return count;
  }

  /**
   * Every violation (at most {@link #MAX_REPORTED}, then one line saying how many were left out).
   */
  List<String> list() {
    List<String> out = new ArrayList<>(messages);
    if (count > messages.size()) {
      out.add(String.format(Locale.ROOT, "... and %d more violations", count - messages.size()));
    }
    return List.copyOf(out);
  }

  static String child(String path, String key) {
    String segment = SIMPLE_KEY.matcher(key).matches() ? key : "[" + quote(key) + "]";
    if (path.isEmpty()) {
      return segment;
    }
    return segment.startsWith("[") ? path + segment : path + "." + segment;
  }

  static String element(String path, int index) {
    return path + "[" + index + "]";
  }

  /** {@code "text"}, with control characters escaped and long text shortened. */
  static String quote(String text) {
    StringBuilder b = new StringBuilder("\"");
    int limit = Math.min(text.length(), MAX_QUOTED);
    if (limit > 0 && limit < text.length() && Character.isHighSurrogate(text.charAt(limit - 1))) {
      limit--; // never cut a character in half
    }
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (text.length() > MAX_QUOTED) {
      b.append("...");
    }
    return b.append('"').toString();
  }
}
