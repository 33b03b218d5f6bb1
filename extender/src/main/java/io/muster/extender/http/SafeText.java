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

  /** {@code text} on one line, at most {@code max} characters once escaped (then "…"). */
  static String oneLine(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 8);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int taken = 1;
      String piece;
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        piece = text.substring(i, i + 2); // never half a character
        taken = 2;
      } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        piece = String.format(Locale.ROOT, "\\u%04x", (int) c);
      } else {
        piece = String.valueOf(c);
      }
      if (sb.length() + piece.length() > max) {
        return sb.append('…').toString();
      }
      sb.append(piece);
      i += taken;
    }
    return sb.toString();
  }
}
