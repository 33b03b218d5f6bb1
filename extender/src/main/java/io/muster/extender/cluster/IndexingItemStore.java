package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informer's store, replaced by a hook into the cluster view. fabric8 routes every change of an
 * informer's state through its item store: list items and watch ADDED/MODIFIED events through
 * {@link #put}, watch DELETED events and keys missing from a relist through {@link #remove}. This
 * store hands each full object to an {@link Applier}, which trims it into the {@link ClusterIndex}
 * and tells listeners, and keeps for itself only key → resourceVersion, which is all the informer
 * reads back (to find deletions on a relist, and to skip updates that change nothing). Reads return
 * skeleton objects carrying namespace, name and resourceVersion only; no full object is retained.
 *
 * <p>Because the index is updated inside {@code put}, on the informer's own thread and before the
 * informer reports {@code hasSynced()}, a synced informer implies a complete index. {@link
 * #isFullState()} is false, as fabric8's own {@code ReducedStateItemStore} (which instead converts
 * every item to a map through Jackson on each put and get).
 */
final class IndexingItemStore<T extends HasMetadata> implements ItemStore<T> {
  private static final Logger LOG = LoggerFactory.getLogger(IndexingItemStore.class);

  /** Applies one kind of object to the cluster view. Called on the informer thread, serially. */
  interface Applier<T> {
    void apply(T item);

    void remove(String namespace, String name);
  }

  private final ConcurrentHashMap<String, String> versions = new ConcurrentHashMap<>();
  private final Supplier<T> blank;
  private final Applier<T> applier;
  private final Runnable seen;

  IndexingItemStore(Supplier<T> blank, Applier<T> applier, Runnable seen) {
    this.blank = blank;
    this.applier = applier;
    this.seen = seen;
  }

  @Override
  public String getKey(T obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public T put(String key, T obj) {
    String rv = obj.getMetadata().getResourceVersion();
    String old = versions.put(key, rv == null ? "" : rv);
    if (!(rv != null && rv.equals(old))) {
      try {
        applier.apply(obj);
      } catch (RuntimeException e) {
        // Boundary: a bug while applying one object must not break the informer's watch.
        LOG.error("cannot apply {} {}", obj.getKind(), key, e);
      }
    }
    seen.run();
    return skeleton(key, old);
  }

  @Override
  public T remove(String key) {
    String old = versions.remove(key);
    if (old != null) {
      int slash = key.indexOf('/');
      try {
        applier.remove(slash < 0 ? "" : key.substring(0, slash), key.substring(slash + 1));
      } catch (RuntimeException e) {
        LOG.error("cannot remove {}", key, e);
      }
    }
    seen.run();
    return skeleton(key, old);
  }

  @Override
  public Stream<String> keySet() {
    return versions.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return versions.entrySet().stream().map(e -> skeleton(e.getKey(), e.getValue()));
  }

  @Override
  public int size() {
    return versions.size();
  }

  @Override
  public T get(String key) {
    return skeleton(key, versions.get(key));
  }

  @Override
  public boolean isFullState() {
    return false;
  }

  private T skeleton(String key, String resourceVersion) {
    if (resourceVersion == null) {
      return null;
    }
    int slash = key.indexOf('/');
    ObjectMeta meta = new ObjectMeta();
    if (slash >= 0) {
      meta.setNamespace(key.substring(0, slash));
      meta.setName(key.substring(slash + 1));
    } else {
      meta.setName(key);
    }
    meta.setResourceVersion(resourceVersion);
    T item = blank.get();
    item.setMetadata(meta);
    return item;
  }
}
