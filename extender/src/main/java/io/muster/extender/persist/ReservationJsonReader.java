package io.muster.extender.persist;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.extender.spark.GangInference;
import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeSelectorRequirement;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.SlotState;
import io.muster.placement.model.TaintEffect;
import io.muster.placement.model.Toleration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the reservation JSON tree field by field, tracking the JSON path so every rejection says
 * where the problem is. Internal failures travel as {@link Bad} and leave as {@link
 * DecodeResult.Invalid}; nothing escapes {@link #read}.
 */
final class ReservationJsonReader {
  /** One slot per minimum executor: no gang Muster admits has more. */
  static final int MAX_SLOTS = GangInference.MAX_MIN_EXECUTORS;

  private static final int MAX_ENTRIES = 1_000;

  /** A rejection with its JSON path; never leaves this class. */
  private static final class Bad extends RuntimeException {
    Bad(String path, String message) {
      super(path + ": " + message, null, false, false);
    }
  }

  private ReservationJsonReader() {}

  static DecodeResult read(JsonNode root) {
    try {
      return new DecodeResult.Decoded(persisted(root));
    } catch (Bad e) {
      return new DecodeResult.Invalid(e.getMessage());
    } catch (IllegalArgumentException | ArithmeticException e) {
      // A model invariant (Checks) rejected the values: still a clear, non-throwing answer.
      return new DecodeResult.Invalid("inconsistent reservation: " + e.getMessage());
    }
  }

  private static PersistedReservation persisted(JsonNode root) {
    object(root, "$");
    long version = number(root, "version", "$");
    if (version != ReservationCodec.SCHEMA_VERSION) {
      throw new Bad(
          "$.version", "schema version " + version + " is not " + ReservationCodec.SCHEMA_VERSION);
    }
    String writer = text(root, "writer", "$");
    long revision = number(root, "revision", "$");
    String policy = text(root, "policy", "$");
    Instant reservedAt = instant(root, "reservedAt", "$");
    GangSpec gang = gang(field(root, "gang", "$"), "$.gang");
    Optional<String> driverNode = optionalText(root, "driverNode", "$");
    boolean driverBound = bool(root, "driverBound", "$");
    JsonNode slotsNode = array(field(root, "slots", "$"), "$.slots");
    if (slotsNode.size() > MAX_SLOTS) {
      throw new Bad("$.slots", slotsNode.size() + " slots, more than " + MAX_SLOTS);
    }
    List<Slot> slots = new ArrayList<>(slotsNode.size());
    for (int i = 0; i < slotsNode.size(); i++) {
      slots.add(slot(slotsNode.get(i), i, "$.slots[" + i + "]"));
    }
    Reservation r = new Reservation(gang, driverNode, driverBound, slots, reservedAt);
    if (revision < 1) {
      throw new Bad("$.revision", "must be >= 1, got " + revision);
    }
    return new PersistedReservation(r, policy, writer, revision);
  }

  private static GangSpec gang(JsonNode g, String path) {
    object(g, path);
    GangId id = new GangId(text(g, "namespace", path), text(g, "appId", path));
    long priority = signedNumber(g, "priority", path);
    if (priority < Integer.MIN_VALUE || priority > Integer.MAX_VALUE) {
      throw new Bad(path + ".priority", "out of int range: " + priority);
    }
    Optional<Resources> driver =
        g.has("driver") && !g.get("driver").isNull()
            ? Optional.of(resources(g.get("driver"), path + ".driver"))
            : Optional.empty();
    return new GangSpec(
        id,
        instant(g, "createdAt", path),
        (int) priority,
        driver,
        resources(field(g, "executor", path), path + ".executor"),
        intNumber(g, "minExecutors", path),
        intNumber(g, "maxExecutors", path),
        constraints(field(g, "executorConstraints", path), path + ".executorConstraints"));
  }

  private static Resources resources(JsonNode r, String path) {
    object(r, path);
    Map<String, Long> extended = new HashMap<>();
    if (r.has("extended") && !r.get("extended").isNull()) {
      JsonNode ext = object(r.get("extended"), path + ".extended");
      limit(ext, path + ".extended");
      Iterator<Map.Entry<String, JsonNode>> it = ext.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        extended.put(e.getKey(), nonNegative(e.getValue(), path + ".extended." + e.getKey()));
      }
    }
    return new Resources(
        number(r, "milliCpu", path),
        number(r, "memoryBytes", path),
        number(r, "pods", path),
        extended);
  }

  private static PodConstraints constraints(JsonNode c, String path) {
    object(c, path);
    Map<String, String> selector = new HashMap<>();
    if (c.has("nodeSelector") && !c.get("nodeSelector").isNull()) {
      JsonNode sel = object(c.get("nodeSelector"), path + ".nodeSelector");
      limit(sel, path + ".nodeSelector");
      Iterator<Map.Entry<String, JsonNode>> it = sel.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        selector.put(e.getKey(), textValue(e.getValue(), path + ".nodeSelector." + e.getKey()));
      }
    }
    List<NodeSelectorTerm> terms = new ArrayList<>();
    JsonNode termsNode = optionalArray(c, "requiredTerms", path);
    for (int i = 0; i < termsNode.size(); i++) {
      String tp = path + ".requiredTerms[" + i + "]";
      JsonNode exprs = optionalArray(object(termsNode.get(i), tp), "matchExpressions", tp);
      List<NodeSelectorRequirement> reqs = new ArrayList<>();
      for (int j = 0; j < exprs.size(); j++) {
        reqs.add(requirement(exprs.get(j), tp + ".matchExpressions[" + j + "]"));
      }
      terms.add(new NodeSelectorTerm(reqs));
    }
    List<Toleration> tolerations = new ArrayList<>();
    JsonNode tolNode = optionalArray(c, "tolerations", path);
    for (int i = 0; i < tolNode.size(); i++) {
      tolerations.add(toleration(tolNode.get(i), path + ".tolerations[" + i + "]"));
    }
    return new PodConstraints(selector, terms, tolerations);
  }

  private static NodeSelectorRequirement requirement(JsonNode e, String path) {
    object(e, path);
    String op = text(e, "operator", path);
    NodeSelectorRequirement.Operator operator =
        WireNames.selectorOperator(op)
            .orElseThrow(() -> new Bad(path + ".operator", "unknown operator \"" + op + "\""));
    List<String> values = new ArrayList<>();
    JsonNode vs = optionalArray(e, "values", path);
    for (int i = 0; i < vs.size(); i++) {
      values.add(textValue(vs.get(i), path + ".values[" + i + "]"));
    }
    return new NodeSelectorRequirement(text(e, "key", path), operator, values);
  }

  private static Toleration toleration(JsonNode t, String path) {
    object(t, path);
    String op = text(t, "operator", path);
    Toleration.Operator operator =
        WireNames.tolerationOperator(op)
            .orElseThrow(() -> new Bad(path + ".operator", "unknown operator \"" + op + "\""));
    Optional<TaintEffect> effect = Optional.empty();
    Optional<String> effectText = optionalText(t, "effect", path);
    if (effectText.isPresent()) {
      String e = effectText.get();
      effect =
          Optional.of(
              WireNames.effect(e)
                  .orElseThrow(() -> new Bad(path + ".effect", "unknown effect \"" + e + "\"")));
    }
    return new Toleration(
        optionalText(t, "key", path).orElse(""),
        operator,
        optionalText(t, "value", path).orElse(""),
        effect);
  }

  private static Slot slot(JsonNode s, int index, String path) {
    object(s, path);
    String state = text(s, "state", path);
    SlotState st;
    try {
      st = SlotState.valueOf(state);
    } catch (IllegalArgumentException e) {
      throw new Bad(path + ".state", "unknown slot state \"" + state + "\"");
    }
    return new Slot(index, text(s, "node", path), st, optionalText(s, "pod", path));
  }

  // ---- primitive readers ----

  private static JsonNode field(JsonNode parent, String name, String path) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      throw new Bad(path + "." + name, "missing");
    }
    return v;
  }

  private static JsonNode object(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw new Bad(path, "expected an object, got " + kind(n));
    }
    return n;
  }

  private static JsonNode array(JsonNode n, String path) {
    if (!n.isArray()) {
      throw new Bad(path, "expected an array, got " + kind(n));
    }
    return n;
  }

  private static JsonNode optionalArray(JsonNode parent, String name, String path) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
    JsonNode a = array(v, path + "." + name);
    if (a.size() > MAX_ENTRIES) {
      throw new Bad(path + "." + name, a.size() + " entries, more than " + MAX_ENTRIES);
    }
    return a;
  }

  private static void limit(JsonNode obj, String path) {
    if (obj.size() > MAX_ENTRIES) {
      throw new Bad(path, obj.size() + " entries, more than " + MAX_ENTRIES);
    }
  }

  private static String text(JsonNode parent, String name, String path) {
    String s = textValue(field(parent, name, path), path + "." + name);
    if (s.isEmpty()) {
      throw new Bad(path + "." + name, "is empty");
    }
    return s;
  }

  private static Optional<String> optionalText(JsonNode parent, String name, String path) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    return Optional.of(textValue(v, path + "." + name));
  }

  private static String textValue(JsonNode n, String path) {
    if (!n.isTextual()) {
      throw new Bad(path, "expected a string, got " + kind(n));
    }
    return n.textValue();
  }

  private static boolean bool(JsonNode parent, String name, String path) {
    JsonNode v = field(parent, name, path);
    if (!v.isBoolean()) {
      throw new Bad(path + "." + name, "expected true or false, got " + kind(v));
    }
    return v.booleanValue();
  }

  private static long signedNumber(JsonNode parent, String name, String path) {
    JsonNode v = field(parent, name, path);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new Bad(path + "." + name, "expected an integer, got " + kind(v));
    }
    return v.longValue();
  }

  private static long number(JsonNode parent, String name, String path) {
    return nonNegative(field(parent, name, path), path + "." + name);
  }

  private static long nonNegative(JsonNode v, String path) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw new Bad(path, "expected a non-negative integer, got " + kind(v));
    }
    return v.longValue();
  }

  private static int intNumber(JsonNode parent, String name, String path) {
    long v = number(parent, name, path);
    if (v > Integer.MAX_VALUE) {
      throw new Bad(path + "." + name, "out of int range: " + v);
    }
    return (int) v;
  }

  private static Instant instant(JsonNode parent, String name, String path) {
    String s = text(parent, name, path);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new Bad(path + "." + name, "not an RFC 3339 instant: \"" + abbreviate(s) + "\"");
    }
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? n.asText() : "an integer out of range";
    }
    if (n.isNumber()) {
      return abbreviate(n.asText());
    }
    if (n.isTextual()) {
      return "\"" + abbreviate(n.textValue()) + "\"";
    }
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
