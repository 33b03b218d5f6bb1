package io.muster.loadtest.throughput;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * When a simulated driver starts asking for executors: once kube-scheduler has bound it
 * <em>and</em> its ConfigMap exists. Spark mounts that ConfigMap as a required volume (not {@code
 * optional}, see shared/fixtures/spark), and kubelet starts no container of a pod whose required
 * ConfigMap is missing, so a driver bound before its ConfigMap waits for it like one admitted
 * later. Thread-safe: the watch reports the binding, the submitting thread the ConfigMap; {@code
 * start} runs once.
 */
final class DriverStart {
  private final Consumer<String> start;
  private String boundUid;
  private boolean configMap;
  private boolean started;

  /**
   * @param start the driver's executor allocator, given the driver pod's uid (its executors' owner)
   */
  DriverStart(Consumer<String> start) {
    this.start = Objects.requireNonNull(start, "start");
  }

  /** The watch saw the driver pod {@code uid} bound to a node. */
  void bound(String uid) {
    Objects.requireNonNull(uid, "uid");
    String ready;
    synchronized (this) {
      if (boundUid == null) {
        boundUid = uid;
      }
      ready = take();
    }
    run(ready);
  }

  /** spark-submit's POST of the driver's ConfigMap succeeded. */
  void configMapCreated() {
    String ready;
    synchronized (this) {
      configMap = true;
      ready = take();
    }
    run(ready);
  }

  /** Whether the allocator was started. */
  synchronized boolean started() {
    return started;
  }

  private String take() {
    if (started || boundUid == null || !configMap) {
      return null;
    }
    started = true;
    return boundUid;
  }

  private void run(String uid) {
    if (uid != null) {
      start.accept(uid);
    }
  }
}
