package io.muster.extender.persist;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeSelectorRequirement;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Slot;
import io.muster.placement.model.Toleration;
import java.util.TreeMap;

/**
 * Reservation ↔ JSON, the value of the pod annotation {@code muster.io/reservation}. Schema version
 * {@value #SCHEMA_VERSION}:
 *
 * <pre>{@code
 * {"version":1, "writer":"muster-0", "revision":3, "policy":"default",
 *  "reservedAt":"2026-01-01T00:00:00Z",
 *  "gang":{"namespace":"spark", "appId":"spark-1f..", "createdAt":"...", "priority":0,
 *          "driver":{"milliCpu":1000,"memoryBytes":2550136832,"pods":1,"extended":{}},
 *          "executor":{...}, "minExecutors":4, "maxExecutors":10,
 *          "executorConstraints":{"nodeSelector":{"pool":"spark"},
 *             "requiredTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}],
 *             "tolerations":[{"key":"dedicated","operator":"Equal","value":"spark","effect":"NoSchedule"}]}},
 *  "driverNode":"node-1", "driverBound":false,
 *  "slots":[{"node":"node-2","state":"OPEN"}, {"node":"node-3","state":"BOUND","pod":"app-exec-1"}]}
 * }</pre>
 *
 * A slot's index is its position. {@code driver}/{@code driverNode} are absent for a client-mode
 * gang; a toleration's {@code effect} is absent when it matches every effect. Encoding is
 * deterministic (maps sorted). Decoding never throws: anything malformed, out of range, of a newer
 * schema, or breaking a model invariant is a {@link DecodeResult.Invalid} naming the JSON path.
 * Unknown fields are ignored so a newer writer may add some within version 1.
 */
public final class ReservationCodec {
  public static final int SCHEMA_VERSION = 1;

  /** Longest input decoded; Kubernetes caps all annotations of an object at 256 KiB together. */
  public static final int MAX_DECODE_CHARS = 512 * 1024;

  private final ObjectMapper mapper;

  public ReservationCodec() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(40)
                    .maxStringLength(MAX_DECODE_CHARS)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper = new ObjectMapper(factory);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  public String encode(PersistedReservation persisted) {
    Reservation r = persisted.reservation();
    ObjectNode root = mapper.createObjectNode();
    root.put("version", SCHEMA_VERSION);
    root.put("writer", persisted.writer());
    root.put("revision", persisted.revision());
    root.put("policy", persisted.policy());
    root.put("reservedAt", r.reservedAt().toString());
    root.set("gang", gang(r.gang()));
    r.driverNode().ifPresent(n -> root.put("driverNode", n));
    root.put("driverBound", r.driverBound());
    ArrayNode slots = root.putArray("slots");
    for (Slot s : r.slots()) {
      ObjectNode slot = slots.addObject();
      slot.put("node", s.node());
      slot.put("state", s.state().name());
      s.pod().ifPresent(p -> slot.put("pod", p));
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  public DecodeResult decode(String json) {
    if (json == null || json.isBlank()) {
      return new DecodeResult.Invalid("reservation annotation is empty");
    }
    if (json.length() > MAX_DECODE_CHARS) {
      return new DecodeResult.Invalid(
          "reservation annotation is " + json.length() + " chars, over " + MAX_DECODE_CHARS);
    }
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      return new DecodeResult.Invalid("not valid JSON: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      return new DecodeResult.Invalid("not valid JSON: " + e.getMessage());
    }
    return ReservationJsonReader.read(root);
  }

  private ObjectNode gang(GangSpec g) {
    ObjectNode gang = mapper.createObjectNode();
    gang.put("namespace", g.id().namespace());
    gang.put("appId", g.id().appId());
    gang.put("createdAt", g.createdAt().toString());
    gang.put("priority", g.priority());
    g.driver().ifPresent(d -> gang.set("driver", resources(d)));
    gang.set("executor", resources(g.executor()));
    gang.put("minExecutors", g.minExecutors());
    gang.put("maxExecutors", g.maxExecutors());
    gang.set("executorConstraints", constraints(g.executorConstraints()));
    return gang;
  }

  private ObjectNode resources(Resources r) {
    ObjectNode n = mapper.createObjectNode();
    n.put("milliCpu", r.milliCpu());
    n.put("memoryBytes", r.memoryBytes());
    n.put("pods", r.pods());
    ObjectNode ext = n.putObject("extended");
    new TreeMap<>(r.extended()).forEach(ext::put);
    return n;
  }

  private ObjectNode constraints(PodConstraints c) {
    ObjectNode n = mapper.createObjectNode();
    ObjectNode selector = n.putObject("nodeSelector");
    new TreeMap<>(c.nodeSelector()).forEach(selector::put);
    ArrayNode terms = n.putArray("requiredTerms");
    for (NodeSelectorTerm t : c.requiredTerms()) {
      ArrayNode exprs = terms.addObject().putArray("matchExpressions");
      for (NodeSelectorRequirement req : t.requirements()) {
        ObjectNode e = exprs.addObject();
        e.put("key", req.key());
        e.put("operator", WireNames.of(req.operator()));
        ArrayNode values = e.putArray("values");
        req.values().forEach(values::add);
      }
    }
    ArrayNode tolerations = n.putArray("tolerations");
    for (Toleration t : c.tolerations()) {
      ObjectNode o = tolerations.addObject();
      o.put("key", t.key());
      o.put("operator", WireNames.of(t.operator()));
      o.put("value", t.value());
      t.effect().ifPresent(e -> o.put("effect", WireNames.of(e)));
    }
    return n;
  }
}
