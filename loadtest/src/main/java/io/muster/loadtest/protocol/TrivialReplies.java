package io.muster.loadtest.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answers of the trivial extenders, as pure functions of the request: filter keeps every node
 * or only the first, in the mode it was asked (NodeNames or Nodes), with every key of {@code
 * ExtenderFilterResult}; prioritize scores every node 0 as a bare array of integer scores.
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
    if (names.isArray()) {
      result.putNull("Nodes");
      ArrayNode kept = result.putArray("NodeNames");
      for (JsonNode n : names) {
        if (mode == TrivialExtender.Mode.PASS_THROUGH || kept.isEmpty()) {
          kept.add(n);
        }
      }
    } else {
      ArrayNode kept = result.putObject("Nodes").putArray("items");
      for (JsonNode n : items) {
        if (mode == TrivialExtender.Mode.PASS_THROUGH || kept.isEmpty()) {
          kept.add(n);
        }
      }
      result.putNull("NodeNames");
    }
    result.putObject("FailedNodes");
    result.putObject("FailedAndUnresolvableNodes");
    result.put("Error", "");
    return result;
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
