package io.muster.extender.tls;

/** Which implementation of TLS's ciphers, key exchanges and signatures this process uses. */
public sealed interface CryptoChoice {

  /** A short label for logs: the provider and its version, or {@code jdk}. */
  String label();

  /** The native provider is installed first: every TLS record and handshake goes through it. */
  record Native(String provider) implements CryptoChoice {
    @Override
    public String label() {
      return provider;
    }
  }

  /** The JDK's own providers, because they were asked for or the native one cannot run here. */
  record Jdk(String reason) implements CryptoChoice {
    @Override
    public String label() {
      return "jdk";
    }
  }
}
