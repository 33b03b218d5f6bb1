package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answers of the trivial extenders, as pure functions of the request: filter keeps every node
 * or only the first, in the mode it was asked (NodeNames or Nodes), with every key of {@code
 * ExtenderFilterResult} (the dropped nodes listed only in the explained mode); prioritize scores
 * every node 0 as a bare array of integer scores.
 */
final class TrivialReplies {
  private final ObjectMapper json = new ObjectMapper();
  private final TrivialExtender.Mode mode;

  TrivialReplies(TrivialExtender.Mode mode) {
    this.mode = mode;
  }

  JsonNode filter(JsonNode args) {
    ObjectNode result = json.createObjectNode();
    JsonNode names = args.path("NodeNames");
    JsonNode items = args.path("Nodes").path("items");
    ObjectNode unresolvable = json.createObjectNode();
    String why = explanation(args);
    if (names.isArray()) {
      result.putNull("Nodes");
      ArrayNode kept = result.putArray("NodeNames");
      for (JsonNode n : names) {
        if (mode == TrivialExtender.Mode.PASS_THROUGH || kept.isEmpty()) {
          kept.add(n);
        } else if (why != null) {
          unresolvable.put(n.asText(), why);
        }
      }
    } else {
      ArrayNode kept = result.putObject("Nodes").putArray("items");
      for (JsonNode n : items) {
        if (mode == TrivialExtender.Mode.PASS_THROUGH || kept.isEmpty()) {
          kept.add(n);
        } else if (why != null) {
          unresolvable.put(n.path("metadata").path("name").asText(), why);
        }
      }
      result.putNull("NodeNames");
    }
    result.putObject("FailedNodes");
    result.set("FailedAndUnresolvableNodes", unresolvable);
    result.put("Error", "");
    return result;
  }

  /** Muster's message for a node without the executor's slot, or null when nothing is listed. */
  private String explanation(JsonNode args) {
    if (mode != TrivialExtender.Mode.ONE_NODE_EXPLAINED) {
      return null;
    }
    JsonNode meta = args.path("Pod").path("metadata");
    return "executor slots of gang "
        + meta.path("namespace").asText()
        + "/"
        + meta.path("labels").path("spark-app-selector").asText()
        + " are on other nodes";
  }

  JsonNode prioritize(JsonNode args) {
    ArrayNode scores = json.createArrayNode();
    JsonNode names = args.path("NodeNames");
    if (names.isArray()) {
      names.forEach(n -> scores.addObject().put("Host", n.asText()).put("Score", 0));
    } else {
      args.path("Nodes")
          .path("items")
          .forEach(
              n ->
                  scores
                      .addObject()
                      .put("Host", n.path("metadata").path("name").asText())
                      .put("Score", 0));
    }
    return scores;
  }
}
