package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Reply to {@code /filter}. Exactly the mode of the request is answered: {@code NodeNames} when it
 * carried names, {@code Nodes} when it carried Node objects (kube-scheduler ignores the other).
 * {@code Error} is {@code ""} when there is none.
 */
public record ExtenderFilterResult(
    @JsonProperty("Nodes") WireNodeList nodes,
    @JsonProperty("NodeNames") List<String> nodeNames,
    @JsonProperty("FailedNodes") Map<String, String> failedNodes,
    @JsonProperty("FailedAndUnresolvableNodes") Map<String, String> failedAndUnresolvableNodes,
    @JsonProperty("Error") String error) {

  /** An error answer: no node passes, and kube-scheduler reports {@code message}. */
  public static ExtenderFilterResult error(String message) {
    return new ExtenderFilterResult(null, null, Map.of(), Map.of(), message);
  }
}
