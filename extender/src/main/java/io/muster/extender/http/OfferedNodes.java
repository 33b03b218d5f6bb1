package io.muster.extender.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.extender.http.wire.ExtenderArgs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
      Set<String> names,
      List<String> ordered,
      Map<String, ObjectNode> objects,
      boolean byName,
      boolean byObject) {
    this.names = names;
    this.ordered = ordered;
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
    List<String> ordered;
    Set<String> names;
    if (args.nodeNames() != null) {
      // Up to every node of the cluster per call: one presized set and one array, no resizing
      // and no second copy (List.of keeps the array's order and is what the ledger's copies
      // accept as already immutable).
      List<String> given = args.nodeNames();
      names = HashSet.newHashSet(given.size());
      String[] unique = new String[given.size()];
      int count = 0;
      for (int i = 0; i < given.size(); i++) {
        String name = given.get(i);
        if (name == null || name.isBlank()) {
          throw new BadRequest("field \"NodeNames[" + i + "]\": empty node name");
        }
        if (names.add(name)) {
          unique[count++] = name;
        }
      }
      ordered = List.of(count == unique.length ? unique : Arrays.copyOf(unique, count));
    } else {
      names = objects.keySet();
      ordered = List.copyOf(names);
    }
    return new OfferedNodes(
        names, ordered, objects, args.nodeNames() != null, args.nodes() != null);
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
