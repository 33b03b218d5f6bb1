package io.muster.extender.scheduling;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one thread on which every gang decision and every ledger change runs, in arrival order. The
 * ledger is not thread-safe by design (as kube-scheduler's cache): serializing here is what makes
 * admission deadlock-free. Tasks must not block: API calls are started here and completed
 * elsewhere.
 */
final class DecisionLoop implements AutoCloseable {
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "muster-decisions");
            t.setDaemon(true);
            return t;
          });

  <T> CompletableFuture<T> call(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, thread);
  }

  CompletableFuture<Void> run(Runnable task) {
    return CompletableFuture.runAsync(task, thread);
  }

  /** Runs {@code task} on the loop and waits at most {@code bound} (for read-only callers). */
  <T> T await(Supplier<T> task, Duration bound) {
    try {
      return call(task).get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("decision loop busy for more than " + bound, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("decision loop task failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  java.util.concurrent.Executor executor() {
    return thread;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
