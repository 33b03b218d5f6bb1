package io.muster.loadtest.protocol;

import java.net.URI;

/** The load tools talk to 127.0.0.1 only; anything else is refused before a byte is sent. */
final class Loopback {
  static final String HOST = "127.0.0.1";

  private Loopback() {}

  /**
   * {@code url} as a base URI (no trailing slash) if it is {@code http://127.0.0.1:<port>[/path]}.
   */
  static URI require(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) || !HOST.equals(uri.getHost()) || uri.getPort() < 1) {
      throw new IllegalArgumentException("only http://127.0.0.1:<port> is allowed, got " + url);
    }
    String s = uri.toString();
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }
}
