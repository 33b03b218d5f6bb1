package io.muster.extender.spark;

/** A Kubernetes quantity that cannot be used; the message names the field it came from. */
public final class InvalidQuantityException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidQuantityException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  /** Where the value came from, e.g. {@code spec.containers[app].resources.requests[cpu]}. */
  public String field() {
    return field;
  }
}
