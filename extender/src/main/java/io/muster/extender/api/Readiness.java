package io.muster.extender.api;

/**
 * Whether Muster may take scheduling traffic (informers synced, a policy loaded, the view fresh);
 * both methods are called on an event loop and must return at once.
 */
public interface Readiness {
  boolean ready();

  /** A short human reason, e.g. {@code "informers not synced: pods"}; any text when ready. */
  String why();

  /** Always ready: for tests and tools. */
  static Readiness always() {
    return new Readiness() {
      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public String why() {
        return "ready";
      }
    };
  }
}
