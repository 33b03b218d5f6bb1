package io.muster.loadtest.report;

import java.util.List;
import java.util.Locale;

/** Tiny HTML building blocks: escaped text, tables and number formats. */
final class Html {
  private final StringBuilder sb = new StringBuilder();

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String num(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String pct(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  Html raw(String html) {
    sb.append(html).append('\n');
    return this;
  }

  Html h(int level, String text) {
    return raw("<h" + level + ">" + esc(text) + "</h" + level + ">");
  }

  Html p(String text) {
    return raw("<p>" + esc(text) + "</p>");
  }

  Html img(String file, String alt) {
    return raw("<p><img src=\"" + esc(file) + "\" alt=\"" + esc(alt) + "\"></p>");
  }

  Html table(List<String> header, List<List<String>> rows) {
    raw("<table><thead><tr>");
    header.forEach(c -> raw("<th>" + esc(c) + "</th>"));
    raw("</tr></thead><tbody>");
    for (List<String> row : rows) {
      sb.append("<tr>");
      row.forEach(c -> sb.append("<td>").append(esc(c)).append("</td>"));
      sb.append("</tr>\n");
    }
    return raw("</tbody></table>");
  }

  Html list(List<String> items) {
    raw("<ul>");
    items.forEach(i -> raw("<li>" + esc(i) + "</li>"));
    return raw("</ul>");
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
