package io.muster.extender.http;

import java.util.Locale;

/**
 * Request-derived text made fit for a reply or a log line. A JSON field name, node name or pod name
 * from a hostile caller may carry newlines and other control characters (which would forge log
 * lines and break the one-line {@code Error} kube-scheduler reports), or be megabytes long: control
 * characters are escaped (a backslash, {@code u} and four hex digits, as in JSON) and long text is
 * cut.
 */
final class SafeText {
  private SafeText() {}

  /** {@code text} on one line, at most {@code max} characters of it (then "…"). */
  static String oneLine(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); i++) {
      boolean cutHere =
          i == max
              || (i == max - 1 && text.length() > max && Character.isHighSurrogate(text.charAt(i)));
      if (cutHere) {
        return sb.append('…').toString(); // never half a character
      }
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
