package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informer-fed cluster view: fabric8 informers on nodes, pods and ConfigMaps (all namespaces),
 * and SparkApplications when their CRD exists. Each informer's item store is an {@link
 * IndexingItemStore} that trims every object into a {@link ClusterIndex} as it arrives, so no full
 * fabric8 object is kept and the per-node sums are always up to date. Lists are paged.
 *
 * <p>Threading: reads ({@link ClusterView}, {@link #hasSynced()}, {@link #health()}) are safe from
 * any thread and never call the API. Listeners are called on informer threads (see {@link
 * ClusterListener}). {@link #addListener} before {@link #start()}.
 */
public final class ClusterCache implements ClusterView, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);

  static final String SPARK_APP_API_VERSION = "sparkoperator.k8s.io/v1beta2";
  static final String SPARK_APP_KIND = "SparkApplication";
  private static final ResourceDefinitionContext SPARK_APPS =
      new ResourceDefinitionContext.Builder()
          .withGroup("sparkoperator.k8s.io")
          .withVersion("v1beta2")
          .withKind(SPARK_APP_KIND)
          .withPlural("sparkapplications")
          .withNamespaced(true)
          .build();

  /** One running informer and when its watch was last known to be up. */
  private final class Watched {
    final String kind;
    SharedIndexInformer<?> informer;
    volatile Instant lastSeenWatching;

    Watched(String kind) {
      this.kind = kind;
      this.lastSeenWatching = clock.instant();
    }

    void seen() {
      Instant now = clock.instant();
      lastSeenWatching = now;
      lastEvent = now;
    }
  }

  private final KubernetesClient client;
  private final ClusterCacheConfig config;
  private final PodTrimmer trimmer;
  private final Clock clock;
  private final ClusterIndex index = new ClusterIndex();
  private final ListenerFanout listeners = new ListenerFanout();
  private final List<Watched> required = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Watched sparkApps;
  private volatile Instant lastEvent;

  /**
   * @param client used only to list and watch (never to write), so it may be one whose decoding
   *     skips what the view never reads ({@link InformerSerialization})
   */
  public ClusterCache(
      KubernetesClient client,
      ClusterCacheConfig config,
      Function<Pod, Resources> podRequests,
      Clock clock) {
    this.client = client;
    this.config = config;
    this.trimmer = new PodTrimmer(podRequests, config.keepAnnotation());
    this.clock = clock;
    this.lastEvent = clock.instant();
  }

  public void addListener(ClusterListener listener) {
    listeners.add(listener);
    if (listener.settlesDepartures()) {
      index.holdDepartures();
    }
  }

  /**
   * Starts the informers. The returned future completes once nodes, pods and ConfigMaps have been
   * listed into the view (listeners have then seen every initial add and {@code synced()}); it
   * never completes while the API server is unreachable (informers retry with backoff), so callers
   * bound their wait. SparkApplications are watched on the side and never delay this.
   */
  public CompletableFuture<Void> start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("cluster cache already started");
    }
    long page = config.listPageSize();
    List<CompletableFuture<Void>> syncs = new ArrayList<>();
    syncs.add(
        watch(
            "nodes",
            client.nodes().withLimit(page).runnableInformer(0),
            Node::new,
            new NodeApplier(index, listeners),
            true));
    syncs.add(
        watch(
            "pods",
            client.pods().inAnyNamespace().withLimit(page).runnableInformer(0),
            Pod::new,
            new PodApplier(index, trimmer, listeners),
            true));
    syncs.add(
        watch(
            "configmaps",
            client.configMaps().inAnyNamespace().withLimit(page).runnableInformer(0),
            ConfigMap::new,
            new ConfigMapApplier(index, config.configMaps(), listeners),
            true));
    if (config.watchSparkApplications()) {
      CompletableFuture.runAsync(this::watchSparkApplications);
    }
    return CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new))
        .thenRun(
            () -> {
              LOG.info(
                  "cluster view synced nodes={} pods={} gen={}",
                  index.snapshot().nodes().size(),
                  index.podCount(),
                  index.generation());
              listeners.synced();
            });
  }

  private void watchSparkApplications() {
    boolean present;
    try {
      present = client.supports(SPARK_APP_API_VERSION, SPARK_APP_KIND);
    } catch (RuntimeException e) {
      LOG.warn("cannot discover SparkApplication CRD, not watching it: {}", e.toString());
      return;
    }
    if (!present) {
      LOG.info("SparkApplication CRD ({}) not installed: not watching it", SPARK_APP_API_VERSION);
      return;
    }
    watch(
            "sparkapplications",
            client
                .genericKubernetesResources(SPARK_APPS)
                .inAnyNamespace()
                .withLimit(config.listPageSize())
                .runnableInformer(0),
            GenericKubernetesResource::new,
            new SparkAppApplier(index, listeners),
            false)
        .whenComplete(
            (v, t) -> {
              if (t != null) {
                LOG.warn("SparkApplication informer failed to start: {}", t.toString());
              }
            });
  }

  private <T extends HasMetadata> CompletableFuture<Void> watch(
      String kind,
      SharedIndexInformer<T> informer,
      Supplier<T> blank,
      IndexingItemStore.Applier<T> applier,
      boolean isRequired) {
    Watched w = new Watched(kind);
    w.informer = informer;
    informer.removeNamespaceIndex();
    informer.itemStore(new IndexingItemStore<>(blank, applier, w::seen));
    informer.exceptionHandler(
        (isStarted, t) -> {
          // Keep retrying (with fabric8's backoff): a dead informer would freeze the view;
          // health() reports the broken watch meanwhile.
          LOG.warn("informer {} error, retrying: {}", kind, t.toString());
          return true;
        });
    if (isRequired) {
      required.add(w);
    } else {
      sparkApps = w;
    }
    return informer.start().toCompletableFuture();
  }

  /** True once nodes, pods and ConfigMaps have each been listed into the view. */
  public boolean hasSynced() {
    return started.get()
        && !required.isEmpty()
        && required.stream().allMatch(w -> w.informer.hasSynced());
  }

  /** True while every required informer's watch is established. */
  public boolean isWatching() {
    return !required.isEmpty() && required.stream().allMatch(w -> w.informer.isWatching());
  }

  /** How current the view is; cheap (no API call), fine to call per request. */
  public ViewHealth health() {
    Instant now = clock.instant();
    Duration stale = Duration.ZERO;
    List<String> notWatching = new ArrayList<>();
    for (Watched w : required) {
      if (w.informer.isWatching()) {
        w.lastSeenWatching = now;
      } else {
        notWatching.add(w.kind);
        Duration d = Duration.between(w.lastSeenWatching, now);
        if (d.compareTo(stale) > 0) {
          stale = d;
        }
      }
    }
    if (required.isEmpty()) {
      notWatching.add("not started");
    }
    Watched apps = sparkApps;
    return new ViewHealth(
        hasSynced(),
        notWatching.isEmpty(),
        stale,
        lastEvent,
        notWatching,
        apps != null && apps.informer.isWatching());
  }

  /** The generation the next {@link #snapshot()} will carry. */
  public long generation() {
    return index.generation();
  }

  @Override
  public ClusterSnapshot snapshot() {
    return index.snapshot();
  }

  @Override
  public Optional<PodRecord> pod(String namespace, String name) {
    return index.pod(namespace, name);
  }

  @Override
  public List<PodRecord> podsOfApp(String namespace, String appId) {
    return index.podsOfApp(namespace, appId);
  }

  @Override
  public Collection<PodRecord> pods() {
    return index.pods();
  }

  @Override
  public Optional<ConfigMapRecord> configMap(String namespace, String name) {
    return index.configMap(namespace, name);
  }

  @Override
  public Optional<SparkAppRecord> sparkApplication(String namespace, String name) {
    return index.sparkApplication(namespace, name);
  }

  @Override
  public void departureApplied(PodRecord pod) {
    index.departureApplied(pod);
  }

  @Override
  public void close() {
    for (Watched w : required) {
      w.informer.stop();
    }
    Watched apps = sparkApps;
    if (apps != null) {
      apps.informer.stop();
    }
  }
}
