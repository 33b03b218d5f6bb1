package io.muster.extender.cluster;

import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-memory cluster view: trimmed pods, nodes, kept ConfigMaps and SparkApplications, with the
 * requests of bound pods summed per node as pods come, move and go.
 *
 * <p>Writers (informer threads, one per resource kind) serialize on one lock; a change of any
 * node's room increments the generation and marks that node dirty. {@link #snapshot()} returns the
 * published snapshot when its generation is current and otherwise rebuilds only the dirty nodes, so
 * a burst of pod events costs one rebuild on the next read. Pod, ConfigMap and application lookups
 * read concurrent maps without the lock.
 *
 * <p>Bookkeeping is by this index's own previous record of a pod, never by the "old" object an
 * informer hands over, so duplicate adds, relists and tombstones cannot count a pod twice.
 *
 * <p>Once {@link #holdDepartures} was called, a bound executor that leaves (deleted, finished, or
 * replaced by a same-name pod) is gone from the pod lookups at once but its requests stay counted
 * on its node until {@link #departureApplied}: see there.
 */
public final class ClusterIndex implements ClusterView {
  /** How one pod event changed the view; both empty when nothing changed. */
  public record PodChange(Optional<PodRecord> previous, Optional<PodRecord> current) {}

  /** How one node event changed the view; node states carry the requests summed at that time. */
  public record NodeChange(Optional<NodeState> previous, Optional<NodeState> current) {
    public boolean changed() {
      return !previous.equals(current);
    }
  }

  private record Key(String namespace, String name) {}

  /**
   * A departed pod whose requests are still counted: by name and uid (a same-name pod may come).
   */
  private record Departed(PodRef ref, String uid) {}

  private final Object lock = new Object();
  private final Map<String, NodeState> nodes = new HashMap<>();
  private final Map<String, NodeUsage> usage = new HashMap<>();
  private final Map<String, NodeState> built = new HashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private final Map<Departed, PodRecord> departed = new HashMap<>();
  private volatile boolean holdDepartures;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<ClusterSnapshot> published =
      new AtomicReference<>(new ClusterSnapshot(0, Map.of(), Map.of()));

  private final ConcurrentHashMap<PodRef, PodRecord> pods = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, Set<String>> podsByApp = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, ConfigMapRecord> configMaps = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, SparkAppRecord> sparkApps = new ConcurrentHashMap<>();

  // ---- reads ----

  @Override
  public ClusterSnapshot snapshot() {
    ClusterSnapshot current = published.get();
    if (current.generation() == generation.get()) {
      return current;
    }
    synchronized (lock) {
      long gen = generation.get();
      current = published.get();
      if (current.generation() == gen) {
        return current;
      }
      for (String name : dirty) {
        NodeState node = nodes.get(name);
        if (node == null) {
          built.remove(name);
        } else {
          built.put(name, withUsage(node));
        }
      }
      dirty.clear();
      ClusterSnapshot next = new ClusterSnapshot(gen, built, Map.of());
      published.set(next);
      return next;
    }
  }

  /** The generation the next snapshot will carry; equal to the published one when clean. */
  public long generation() {
    return generation.get();
  }

  @Override
  public Optional<PodRecord> pod(String namespace, String name) {
    return Optional.ofNullable(pods.get(new PodRef(namespace, name)));
  }

  @Override
  public List<PodRecord> podsOfApp(String namespace, String appId) {
    Set<String> names = podsByApp.get(new Key(namespace, appId));
    if (names == null) {
      return List.of();
    }
    List<PodRecord> out = new ArrayList<>(names.size());
    for (String name : names) {
      PodRecord p = pods.get(new PodRef(namespace, name));
      if (p != null && appId.equals(p.appId().orElse(null))) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public Collection<PodRecord> pods() {
    return Collections.unmodifiableCollection(pods.values());
  }

  public int podCount() {
    return pods.size();
  }

  @Override
  public Optional<ConfigMapRecord> configMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.get(new Key(namespace, name)));
  }

  @Override
  public Optional<SparkAppRecord> sparkApplication(String namespace, String name) {
    return Optional.ofNullable(sparkApps.get(new Key(namespace, name)));
  }

  // ---- nodes ----

  /** Adds or replaces a node; {@code node.requested()} is ignored (bound pods are summed here). */
  public NodeChange upsertNode(NodeState node) {
    synchronized (lock) {
      NodeState bare = node.withRequested(Resources.ZERO);
      NodeState old = nodes.put(bare.name(), bare);
      if (bare.equals(old)) {
        NodeState same = withUsage(bare);
        return new NodeChange(Optional.of(same), Optional.of(same));
      }
      touch(bare.name());
      return new NodeChange(
          Optional.ofNullable(old).map(this::withUsage), Optional.of(withUsage(bare)));
    }
  }

  public NodeChange removeNode(String name) {
    synchronized (lock) {
      NodeState old = nodes.remove(name);
      if (old == null) {
        return new NodeChange(Optional.empty(), Optional.empty());
      }
      touch(name);
      return new NodeChange(Optional.of(withUsage(old)), Optional.empty());
    }
  }

  // ---- pods ----

  /** Adds or replaces a pod, moving its requests between nodes as needed. */
  public PodChange upsertPod(PodRecord pod) {
    synchronized (lock) {
      PodRecord old = pods.put(pod.ref(), pod);
      boolean before = old != null && old.countsOnNode();
      boolean after = pod.countsOnNode();
      boolean same =
          before
              && after
              && old.nodeName().equals(pod.nodeName())
              && old.requests().equals(pod.requests());
      if ((before || after) && !same) {
        if (before && (!after || !old.uid().equals(pod.uid()))) {
          leave(old);
        } else if (before) {
          uncount(old);
        }
        if (after) {
          count(pod);
        }
      }
      reindexApp(old, pod);
      return new PodChange(Optional.ofNullable(old), Optional.of(pod));
    }
  }

  /**
   * Removes a pod. When {@code uid} is not empty and the pod held under that name has another uid
   * (a newer pod of the same name), nothing is removed.
   */
  public Optional<PodRecord> removePod(String namespace, String name, String uid) {
    synchronized (lock) {
      PodRef ref = new PodRef(namespace, name);
      PodRecord old = pods.get(ref);
      if (old == null
          || (uid != null && !uid.isEmpty() && !old.uid().isEmpty() && !uid.equals(old.uid()))) {
        return Optional.empty();
      }
      pods.remove(ref);
      if (old.countsOnNode()) {
        leave(old);
      }
      reindexApp(old, null);
      return Optional.of(old);
    }
  }

  /**
   * From now on an executor's requests stay counted on its node after it leaves, until the consumer
   * calls {@link #departureApplied}. Muster's ledger reopens a bound executor's slot (holds its
   * room again) only when its decision loop applies the departure; a snapshot that dropped the
   * executor earlier would show that room free to a decision queued in between, which could plan
   * another gang into it. Holding the room until the ledger takes it back makes the two change in
   * one step of the loop. Only executors: a departed driver's gang releases room, never takes any.
   */
  public void holdDepartures() {
    holdDepartures = true;
  }

  /** The consumer has applied {@code pod}'s departure: its requests stop counting (idempotent). */
  @Override
  public void departureApplied(PodRecord pod) {
    synchronized (lock) {
      PodRecord held = departed.remove(new Departed(pod.ref(), pod.uid()));
      if (held != null) {
        uncount(held);
      }
    }
  }

  // ---- ConfigMaps and SparkApplications (no effect on room, no lock) ----

  public Optional<ConfigMapRecord> upsertConfigMap(ConfigMapRecord cm) {
    return Optional.ofNullable(configMaps.put(new Key(cm.namespace(), cm.name()), cm));
  }

  public Optional<ConfigMapRecord> removeConfigMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.remove(new Key(namespace, name)));
  }

  public Optional<SparkAppRecord> upsertSparkApplication(SparkAppRecord app) {
    return Optional.ofNullable(sparkApps.put(new Key(app.namespace(), app.name()), app));
  }

  public Optional<SparkAppRecord> removeSparkApplication(String namespace, String name) {
    return Optional.ofNullable(sparkApps.remove(new Key(namespace, name)));
  }

  // ---- internals (caller holds the lock) ----

  private void count(PodRecord pod) {
    String node = pod.nodeName().orElseThrow();
    usage.computeIfAbsent(node, k -> new NodeUsage()).add(pod.requests());
    touch(node);
  }

  private void uncount(PodRecord pod) {
    String node = pod.nodeName().orElseThrow();
    NodeUsage u = usage.get(node);
    if (u != null) {
      u.subtract(pod.requests());
      if (u.isEmpty()) {
        usage.remove(node);
      }
    }
    touch(node);
  }

  /** {@code pod} no longer counts on its node: now, or once its departure is applied. */
  private void leave(PodRecord pod) {
    if (holdDepartures && pod.isExecutor() && pod.appId().isPresent()) {
      departed.put(new Departed(pod.ref(), pod.uid()), pod);
    } else {
      uncount(pod);
    }
  }

  private void touch(String node) {
    dirty.add(node);
    generation.incrementAndGet();
  }

  private NodeState withUsage(NodeState node) {
    NodeUsage u = usage.get(node.name());
    return u == null ? node : node.withRequested(u.toResources());
  }

  private void reindexApp(PodRecord old, PodRecord now) {
    String oldApp = old == null ? null : old.appId().orElse(null);
    String newApp = now == null ? null : now.appId().orElse(null);
    if (oldApp != null && !oldApp.equals(newApp)) {
      Key key = new Key(old.namespace(), oldApp);
      podsByApp.computeIfPresent(
          key,
          (k, names) -> {
            names.remove(old.name());
            return names.isEmpty() ? null : names;
          });
    }
    if (newApp != null) {
      podsByApp
          .computeIfAbsent(new Key(now.namespace(), newApp), k -> ConcurrentHashMap.newKeySet())
          .add(now.name());
    }
  }
}
