package io.muster.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of {@code /debug/gangs}, taken apart: per gang its reservation (driver node, slots),
 * extra executors and assumed extra executors (steered, not yet seen bound: they hold room), and
 * the ledger's own {@code heldByNode} totals. The inspector builds the whole answer in one step of
 * Muster's decision loop, so these parts are consistent with each other.
 */
record LedgerSample(Map<String, Gang> gangs, Map<String, String> heldByNode, String raw) {

  /** A slot as the inspector shows it; {@code pod} is empty for an OPEN slot. */
  record Slot(int index, String node, String state, Optional<String> pod) {
    boolean holdsRoom() {
      return !state.equals("BOUND");
    }
  }

  /** A gang; {@code reserved} is false for a waiting one (then there are no slots). */
  record Gang(
      String appId,
      String phase,
      boolean reserved,
      Optional<String> driverNode,
      boolean driverBound,
      List<Slot> slots,
      Map<String, String> extras,
      Map<String, String> assumed) {

    Optional<Slot> slotOf(String pod) {
      return slots.stream().filter(s -> s.pod().equals(Optional.of(pod))).findFirst();
    }
  }

  private static final Pattern HELD = Pattern.compile("^([0-9.]+) CPU / ([0-9.]+) (GiB|MiB)");

  static LedgerSample of(DebugGangs read) {
    return of(read.json());
  }

  static LedgerSample of(JsonNode root) {
    Map<String, Gang> gangs = new LinkedHashMap<>();
    for (JsonNode g : root.path("gangs")) {
      String id = g.path("gang").asText();
      String appId = id.substring(id.indexOf('/') + 1);
      JsonNode r = g.path("reservation");
      List<Slot> slots = new ArrayList<>();
      for (JsonNode s : r.path("slots")) {
        String pod = s.path("pod").asText("");
        slots.add(
            new Slot(
                s.path("index").asInt(),
                s.path("node").asText(),
                s.path("state").asText(),
                pod.isEmpty() ? Optional.empty() : Optional.of(pod)));
      }
      Map<String, String> extras = new HashMap<>();
      g.path("extraExecutors")
          .fields()
          .forEachRemaining(e -> extras.put(e.getKey(), e.getValue().asText()));
      Map<String, String> assumed = new HashMap<>();
      g.path("assumedExtras")
          .fields()
          .forEachRemaining(e -> assumed.put(e.getKey(), e.getValue().asText()));
      String driverNode = r.path("driverNode").asText("");
      gangs.put(
          appId,
          new Gang(
              appId,
              g.path("phase").asText(),
              !r.isMissingNode(),
              driverNode.isEmpty() ? Optional.empty() : Optional.of(driverNode),
              r.path("driverBound").asBoolean(false),
              List.copyOf(slots),
              extras,
              assumed));
    }
    Map<String, String> held = new LinkedHashMap<>();
    root.path("heldByNode")
        .fields()
        .forEachRemaining(e -> held.put(e.getKey(), e.getValue().asText()));
    return new LedgerSample(gangs, held, root.toString());
  }

  /**
   * Whether the ledger's text for {@code node} ("9 CPU / 13.5 GiB", one decimal) states {@code
   * computed} (CPU exactly for whole cores, memory to the printed precision).
   */
  boolean heldAgrees(String node, Resources computed) {
    String text = heldByNode.get(node);
    if (text == null) {
      return computed.milliCpu() == 0 && computed.memoryBytes() == 0;
    }
    Matcher m = HELD.matcher(text);
    if (!m.find()) {
      return false;
    }
    double cpu = Double.parseDouble(m.group(1));
    double mem = Double.parseDouble(m.group(2));
    double unit = m.group(3).equals("GiB") ? 1024.0 * 1024 * 1024 : 1024.0 * 1024;
    double tolerance = m.group(3).equals("GiB") ? 0.051 : 1.0;
    return Math.abs(cpu - computed.milliCpu() / 1000.0) < 0.051
        && Math.abs(mem - computed.memoryBytes() / unit) < tolerance;
  }
}
