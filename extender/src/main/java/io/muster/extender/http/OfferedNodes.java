package io.muster.extender.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.extender.http.wire.ExtenderArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes kube-scheduler offered in one filter or prioritize call, in its order without
 * duplicates, and which form it used: {@code NodeNames} ({@code nodeCacheCapable: true}) and/or
 * {@code Nodes} (full objects, kept as JSON trees so that a reply hands back the same objects).
 */
final class OfferedNodes {
  private final Set<String> names;
  private final List<String> ordered;
  private final Map<String, ObjectNode> objects;
  private final boolean byName;
  private final boolean byObject;

  private OfferedNodes(
      Set<String> names, Map<String, ObjectNode> objects, boolean byName, boolean byObject) {
    this.names = names;
    this.ordered = List.copyOf(names);
    this.objects = objects;
    this.byName = byName;
    this.byObject = byObject;
  }

  static OfferedNodes of(ExtenderArgs args) throws BadRequest {
    if (args.pod() == null) {
      throw new BadRequest("missing field \"Pod\"");
    }
    if (args.nodeNames() == null && args.nodes() == null) {
      throw new BadRequest("missing field \"NodeNames\" or \"Nodes\" (one is required)");
    }
    Map<String, ObjectNode> objects = new LinkedHashMap<>();
    if (args.nodes() != null && args.nodes().items() != null) {
      List<ObjectNode> items = args.nodes().items();
      for (int i = 0; i < items.size(); i++) {
        JsonNode name = items.get(i) == null ? null : items.get(i).path("metadata").get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
          throw new BadRequest("field \"Nodes.items[" + i + "].metadata.name\": missing");
        }
        objects.putIfAbsent(name.asText(), items.get(i));
      }
    }
    Set<String> names = new LinkedHashSet<>();
    if (args.nodeNames() != null) {
      List<String> given = args.nodeNames();
      for (int i = 0; i < given.size(); i++) {
        if (given.get(i) == null || given.get(i).isBlank()) {
          throw new BadRequest("field \"NodeNames[" + i + "]\": empty node name");
        }
        names.add(given.get(i));
      }
    } else {
      names.addAll(objects.keySet());
    }
    return new OfferedNodes(names, objects, args.nodeNames() != null, args.nodes() != null);
  }

  /** Offered node names in kube-scheduler's order, without duplicates. */
  List<String> names() {
    return ordered;
  }

  boolean isEmpty() {
    return names.isEmpty();
  }

  boolean offers(String node) {
    return names.contains(node);
  }

  /** The request carried {@code NodeNames}: the reply must carry {@code NodeNames}. */
  boolean byName() {
    return byName;
  }

  /** The request carried {@code Nodes}: the reply must carry {@code Nodes}. */
  boolean byObject() {
    return byObject;
  }

  /** The Node objects for {@code passed}, in that order; only those kube-scheduler sent. */
  List<ObjectNode> objectsOf(List<String> passed) {
    List<ObjectNode> result = new ArrayList<>(passed.size());
    for (String node : passed) {
      ObjectNode object = objects.get(node);
      if (object != null) {
        result.add(object);
      }
    }
    return result;
  }
}
