package io.muster.extender.config;

import java.util.List;

/**
 * Start-up configuration is invalid; the message lists every violation found, not just the first.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> violations;

  public ConfigException(List<String> violations) {
    super(String.join("; ", violations));
    this.violations = List.copyOf(violations);
  }

  /** Each violation on its own, e.g. {@code MUSTER_PORT: not an int "abc"}. */
  public List<String> violations() {
    return violations;
  }
}
