package io.muster.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.e2e.Violations.Kind;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The room invariants: (1) no node over-committed by bound pods (the API server alone); (2) bound
 * pods plus every reservation's held room within each node's allocatable (the ledger never plans
 * past a node's room); and the ledger's own {@code heldByNode} equal to what its reservations hold.
 * Demands come from the soak's own plans, so they are exact.
 */
final class RoomChecks {
  private final Map<String, Resources> allocatable;
  private final Function<String, Optional<SoakApp>> apps;
  private final Violations found;
  private final int overbookedRounds;

  /**
   * {@code overbookedRounds}: in how many checks in a row a node must be overbooked to count as a
   * violation (1: every time; more tolerates the known view/ledger races for that long).
   */
  RoomChecks(
      Map<String, Resources> allocatable,
      Function<String, Optional<SoakApp>> apps,
      Violations found,
      int overbookedRounds) {
    this.allocatable = allocatable;
    this.apps = apps;
    this.found = found;
    this.overbookedRounds = overbookedRounds;
  }

  /** (1) Over every pod bound in one list from the API server. */
  void nodesNotOvercommitted(List<Pod> pods) {
    Map<String, Resources> used = new TreeMap<>();
    for (Pod p : pods) {
      ApiRoom.nodeOf(p).ifPresent(n -> used.merge(n, ApiRoom.requests(p), Resources::plus));
    }
    used.forEach(
        (node, room) -> {
          Resources cap = allocatable.getOrDefault(node, Resources.ZERO);
          if (!room.fitsIn(cap)) {
            found.add(Kind.NODE_OVERCOMMITTED, node + ": bound " + room + " > allocatable " + cap);
          }
        });
  }

  /**
   * (2) {@code stable}: pods bound before and after the ledger was read. A slot, unbound driver or
   * assumed extra executor whose own pod is among them already counts as that pod (the ledger had
   * not seen it bound yet). Every overbooked node is a sighting; seen in {@code overbookedRounds}
   * checks in a row it is a violation.
   */
  void ledgerNotOverbooked(LedgerSample ledger, Collection<Pod> stable) {
    Map<String, Resources> used = new TreeMap<>();
    Map<String, List<String>> bound = new TreeMap<>();
    Map<String, String> boundOn = new HashMap<>();
    for (Pod p : stable) {
      String node = ApiRoom.nodeOf(p).orElseThrow();
      used.merge(node, ApiRoom.requests(p), Resources::plus);
      boundOn.put(p.getMetadata().getName(), node);
      bound.computeIfAbsent(node, k -> new ArrayList<>()).add(describe(p));
    }
    Map<String, List<String>> holders = new TreeMap<>();
    for (LedgerSample.Gang g : ledger.gangs().values()) {
      Optional<SoakApp> app = apps.apply(g.appId());
      if (!g.reserved() || app.isEmpty()) {
        continue;
      }
      AppPlan plan = app.get().plan;
      String who = app.get().spark.appName + " (" + plan.kind() + ")";
      Optional<String> driverNode = g.driverNode().filter(n -> !g.driverBound());
      if (driverNode.isPresent()
          && !driverNode.get().equals(boundOn.get(app.get().spark.driverName))) {
        hold(used, holders, driverNode.get(), plan.driverDemand(), who + " unbound driver");
      }
      for (LedgerSample.Slot s : g.slots()) {
        boolean podCounted = s.pod().map(boundOn::get).filter(s.node()::equals).isPresent();
        if (s.holdsRoom() && !podCounted) {
          String slot =
              who
                  + " slot "
                  + s.index()
                  + " "
                  + s.state()
                  + s.pod().map(x -> " by " + x).orElse("");
          hold(used, holders, s.node(), plan.executorDemand(), slot);
        }
      }
      g.assumed()
          .forEach(
              (pod, node) -> {
                if (!node.equals(boundOn.get(pod))) {
                  hold(used, holders, node, plan.executorDemand(), who + " extra " + pod);
                }
              });
    }
    used.forEach(
        (node, room) -> {
          Resources cap = allocatable.getOrDefault(node, Resources.ZERO);
          if (!room.fitsIn(cap)) {
            List<String> held = holders.getOrDefault(node, List.of());
            String detail =
                node
                    + ": bound + held "
                    + room.describe()
                    + " > allocatable "
                    + cap.describe()
                    + "; bound "
                    + bound.getOrDefault(node, List.of())
                    + "; held by "
                    + held;
            found.suspect(node, Kind.LEDGER_OVERBOOKED, detail, overbookedRounds);
          }
        });
  }

  /** {@code soak-7-driver 1 CPU} or {@code soak-7 exec-3 2 CPU}, for a violation's message. */
  private static String describe(Pod p) {
    String name = p.getMetadata().getName();
    int exec = name.lastIndexOf("-exec-");
    String app = GangChecks.label(p, "spark-app-name");
    String shortName =
        app == null ? name : exec >= 0 ? app + " " + name.substring(exec + 1) : app + " driver";
    return shortName + " " + ApiRoom.requests(p).describe().replaceAll(" / .*", "");
  }

  private static void hold(
      Map<String, Resources> used,
      Map<String, List<String>> holders,
      String node,
      Resources room,
      String who) {
    used.merge(node, room, Resources::plus);
    holders.computeIfAbsent(node, k -> new ArrayList<>()).add(who);
  }

  /** Every gang is a soak application's, and heldByNode states what the reservations hold. */
  void heldAgreesWithReservations(LedgerSample ledger) {
    Map<String, Resources> held = new TreeMap<>();
    for (LedgerSample.Gang g : ledger.gangs().values()) {
      Optional<SoakApp> app = apps.apply(g.appId());
      if (app.isEmpty()) {
        found.once(g.appId(), Kind.UNKNOWN_GANG, g.appId() + " in phase " + g.phase());
        continue;
      }
      if (!g.reserved()) {
        continue;
      }
      if (!g.driverBound() && g.driverNode().isPresent()) {
        held.merge(g.driverNode().get(), app.get().plan.driverDemand(), Resources::plus);
      }
      for (LedgerSample.Slot s : g.slots()) {
        if (s.holdsRoom()) {
          held.merge(s.node(), app.get().plan.executorDemand(), Resources::plus);
        }
      }
      g.assumed()
          .values()
          .forEach(n -> held.merge(n, app.get().plan.executorDemand(), Resources::plus));
    }
    Set<String> nodes = new HashSet<>(held.keySet());
    nodes.addAll(ledger.heldByNode().keySet());
    for (String node : nodes) {
      Resources computed = held.getOrDefault(node, Resources.ZERO);
      if (!ledger.heldAgrees(node, computed)) {
        found.add(
            Kind.HELD_DISAGREES,
            node
                + ": heldByNode says '"
                + ledger.heldByNode().get(node)
                + "', its reservations hold "
                + computed.describe());
      }
    }
  }
}
