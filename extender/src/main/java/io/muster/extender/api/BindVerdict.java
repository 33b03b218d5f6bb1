package io.muster.extender.api;

import java.util.Objects;
import java.util.Optional;

/** The outcome of a bind: empty when the pod is bound, else the error kube-scheduler reports. */
public record BindVerdict(Optional<String> error) {
  private static final BindVerdict OK = new BindVerdict(Optional.empty());

  public BindVerdict {
    Objects.requireNonNull(error, "error");
  }

  public static BindVerdict ok() {
    return OK;
  }

  public static BindVerdict failed(String message) {
    return new BindVerdict(Optional.of(message));
  }
}
