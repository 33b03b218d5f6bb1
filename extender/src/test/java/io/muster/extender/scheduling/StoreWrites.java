package io.muster.extender.scheduling;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * How the fakes that stand in for the API server (a binding, a write whose answer is lost) apply
 * their write to the mock's store: the write must land, as it would in etcd, but the test client's
 * pooled connection to the mock server is sometimes closed under it on a loaded machine
 * ("Connection was closed"), which made those tests flaky. Such a transport failure is tried again,
 * at most {@link #ATTEMPTS} times; a failure with an HTTP status is not.
 */
final class StoreWrites {
  static final int ATTEMPTS = 5;

  private StoreWrites() {}

  /** Runs {@code write}, again after a transport failure; the last failure propagates. */
  static void apply(Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (RuntimeException e) {
        boolean answered = e instanceof KubernetesClientException k && k.getCode() > 0;
        if (answered || attempt == ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
