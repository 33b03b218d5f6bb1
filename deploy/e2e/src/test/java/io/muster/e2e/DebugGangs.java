package io.muster.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads Muster's {@code /debug/gangs} for assertions. */
final class DebugGangs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode root;

  private DebugGangs(JsonNode root) {
    this.root = root;
  }

  static DebugGangs read(ControlPlane plane) {
    HttpResponse<String> r = plane.extenderGet("/debug/gangs");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/debug/gangs answered " + r.statusCode() + ": " + r.body());
    }
    try {
      return new DebugGangs(JSON.readTree(r.body()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("bad /debug/gangs JSON: " + r.body(), e);
    }
  }

  Optional<JsonNode> gang(String appId) {
    for (JsonNode g : root.path("gangs")) {
      if (g.path("gang").asText().endsWith("/" + appId)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** Slot nodes of the application's reservation, in slot order. */
  List<String> slotNodes(String appId) {
    List<String> nodes = new ArrayList<>();
    gang(appId)
        .ifPresent(
            g ->
                g.path("reservation")
                    .path("slots")
                    .forEach(s -> nodes.add(s.path("node").asText())));
    return nodes;
  }

  /** The node of the slot {@code pod} holds, if any. */
  Optional<String> slotOf(String appId, String pod) {
    for (JsonNode s :
        gang(appId).map(g -> g.path("reservation").path("slots")).orElse(JSON.createArrayNode())) {
      if (pod.equals(s.path("pod").asText())) {
        return Optional.of(s.path("node").asText());
      }
    }
    return Optional.empty();
  }

  String driverNode(String appId) {
    return gang(appId).map(g -> g.path("reservation").path("driverNode").asText()).orElse("");
  }

  boolean holdsNothing() {
    return root.path("heldByNode").isEmpty() && root.path("gangs").isEmpty();
  }

  /** The whole answer, for checks that walk every gang. */
  JsonNode json() {
    return root;
  }

  JsonNode policy() {
    return root.path("policy");
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
