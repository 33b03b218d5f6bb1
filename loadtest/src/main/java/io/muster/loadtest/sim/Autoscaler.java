package io.muster.loadtest.sim;

import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated cluster autoscaler (see {@link AutoscalerSettings}). It only decides; the {@link
 * Simulation} schedules its checks and applies its scale-ups and scale-downs.
 */
final class Autoscaler {
  /** A scale-up decision: {@code nodes} new nodes, charged to {@code apps}. */
  record ScaleUp(int nodes, Set<AppRun> apps) {}

  private record Demand(AppRun app, Resources request) {}

  private final AutoscalerSettings settings;
  private final int minNodes;
  private final Map<String, Long> emptySince = new HashMap<>();
  private boolean checkQueued;
  private int inFlight;
  int scaleUps;
  int nodesAdded;
  int peakNodes;

  Autoscaler(AutoscalerSettings settings, int initialNodes) {
    this.settings = settings;
    this.minNodes = initialNodes;
    this.peakNodes = initialNodes;
  }

  /** When to check next for pods left pending, or -1 if a check or scale-up is under way. */
  long armCheck(Collection<SimPod> pending, long now) {
    if (checkQueued || inFlight > 0 || pending.isEmpty()) {
      return -1;
    }
    long earliest = Long.MAX_VALUE;
    for (SimPod p : pending) {
      if (p.pendingSince >= 0) {
        earliest = Math.min(earliest, p.pendingSince);
      }
    }
    if (earliest == Long.MAX_VALUE) {
      return -1;
    }
    checkQueued = true;
    return Math.max(now, earliest + settings.pendingSeconds() * 1000);
  }

  /**
   * Bin-packs the unschedulable pods: first into existing free room as the autoscaler sees it, then
   * onto new nodes; returns the scale-up, or zero nodes.
   */
  ScaleUp check(Collection<SimPod> pending, SimCluster cluster, PodPlacement placement) {
    checkQueued = false;
    List<Demand> demand = demand(pending);
    Map<String, Resources> free = new HashMap<>();
    for (String node : cluster.names()) {
      Resources room = cluster.free(node);
      free.put(node, settings.gangDemand() ? room.minusClamped(placement.heldOn(node)) : room);
    }
    Resources template = cluster.shape().nodeAllocatable();
    List<Resources> fresh = new ArrayList<>();
    Set<AppRun> charged = new LinkedHashSet<>();
    List<String> names = cluster.names();
    for (Demand d : demand) {
      if (!d.request().fitsIn(template) || fitsExisting(d.request(), names, free)) {
        continue;
      }
      int target = -1;
      for (int i = 0; i < fresh.size() && target < 0; i++) {
        if (d.request().fitsIn(fresh.get(i))) {
          target = i;
        }
      }
      if (target < 0) {
        fresh.add(template);
        target = fresh.size() - 1;
      }
      fresh.set(target, fresh.get(target).minusClamped(d.request()));
      charged.add(d.app());
    }
    int nodes = Math.min(fresh.size(), settings.maxNodes() - cluster.size());
    if (nodes <= 0) {
      return new ScaleUp(0, Set.of());
    }
    inFlight = nodes;
    scaleUps++;
    charged.forEach(app -> app.scaleUps++);
    return new ScaleUp(nodes, charged);
  }

  /** The requested nodes are up. */
  void provisioned(int nodes, int clusterSize) {
    inFlight = 0;
    nodesAdded += nodes;
    peakNodes = Math.max(peakNodes, clusterSize);
  }

  /** {@code node} has just become empty: when to check whether it can go, or -1. */
  long emptied(String node, long now) {
    emptySince.put(node, now);
    return now + settings.scaleDownSeconds() * 1000;
  }

  void used(String node) {
    emptySince.remove(node);
  }

  /** Whether {@code node}, empty since {@code since}, may be removed now. */
  boolean removable(String node, long since, SimCluster cluster, PodPlacement placement) {
    Long current = emptySince.get(node);
    boolean remove =
        current != null
            && current == since
            && cluster.contains(node)
            && cluster.empty(node)
            && placement.heldOn(node).isZero()
            && cluster.size() > minNodes;
    if (remove) {
      emptySince.remove(node);
    }
    return remove;
  }

  long provisionMillis() {
    return settings.provisionSeconds() * 1000;
  }

  /**
   * Every pod that failed to schedule, however recently (the Kubernetes autoscaler's default
   * new-pod delay is 0): the oldest one only decides when the check runs.
   */
  private List<Demand> demand(Collection<SimPod> pending) {
    List<Demand> demand = new ArrayList<>();
    for (SimPod p : pending) {
      if (p.pendingSince < 0) {
        continue;
      }
      demand.add(new Demand(p.app, p.request));
      if (settings.gangDemand() && p.driver()) {
        for (int i = 0; i < p.app.spec.minExecutors(); i++) {
          demand.add(new Demand(p.app, p.app.spec.executor()));
        }
      }
    }
    // First-fit decreasing, as the autoscaler's estimator does; ties keep queue order.
    demand.sort(Comparator.comparingLong((Demand d) -> -d.request().milliCpu()));
    return demand;
  }

  private static boolean fitsExisting(
      Resources request, List<String> names, Map<String, Resources> free) {
    for (String node : names) {
      Resources room = free.get(node);
      if (request.fitsIn(room)) {
        free.put(node, room.minusClamped(request));
        return true;
      }
    }
    return false;
  }
}
