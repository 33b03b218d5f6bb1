package io.muster.extender.http;

import io.muster.extender.metrics.ExtenderMetrics;
import io.muster.extender.metrics.ExtenderMetrics.Verb;
import io.muster.extender.metrics.ExtenderMetrics.VerbResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every verb route shares: decoding off the event loop when the body is large, calling the
 * scheduling logic with a deadline, and turning its failures into one ERROR log line plus a {@link
 * VerbFailure} whose public message carries a reference to that line.
 */
final class VerbCalls {
  /**
   * Bodies up to this size are decoded (and their replies encoded) on the event loop; larger ones
   * on a worker thread. Measured on the shared 2-core build machine, JIT warm, filter bodies with
   * full Node objects: 6 KB decode 0.3 ms; 0.5 MB decode 4 ms / reply encode 3.5 ms; 4.9 MB 25 / 15
   * ms; 14.8 MB 80 / 46 ms. So about 8 ms per MB: fine for the ~10-100 KB bodies of {@code
   * nodeCacheCapable: true}, but a multi-MB NodeList would stall every other request on the loop
   * (health probes included) for tens of ms. 256 KiB keeps the inline cost near 2 ms; the worker
   * hop costs well under a millisecond.
   */
  static final int INLINE_CODEC_LIMIT = 256 << 10;

  private static final Logger LOG = LoggerFactory.getLogger(VerbCalls.class);

  private final Vertx vertx;
  private final ExtenderMetrics metrics;
  private final Duration timeout;

  VerbCalls(Vertx vertx, ExtenderMetrics metrics, Duration timeout) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  ExtenderMetrics metrics() {
    return metrics;
  }

  /** Decodes {@code body}; fails with {@link BadRequest} when it is not a valid {@code type}. */
  <T> Future<T> decode(Buffer body, Class<T> type) {
    if (body == null || body.length() <= INLINE_CODEC_LIMIT) {
      try {
        return Future.succeededFuture(WireCodec.decode(body, type));
      } catch (BadRequest e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(() -> WireCodec.decode(body, type), false);
  }

  /**
   * Encodes a reply, on a worker thread when the request was large (a reply in {@code Nodes} mode
   * may echo thousands of Node objects).
   */
  Future<Buffer> encode(Object reply, int requestBytes) {
    if (requestBytes <= INLINE_CODEC_LIMIT) {
      return Future.succeededFuture(WireCodec.encode(reply));
    }
    return vertx.executeBlocking(() -> WireCodec.encode(reply), false);
  }

  /**
   * Calls the scheduling logic and completes on the caller's context with its answer, or fails with
   * a {@link VerbFailure} when it throws, fails, answers null or misses the deadline. {@code
   * subject} (e.g. {@code pod=spark/driver-1}) goes into the log only.
   */
  <T> Future<T> call(Verb verb, String subject, Supplier<CompletionStage<T>> invoke) {
    Context context = vertx.getOrCreateContext();
    CompletionStage<T> stage;
    try {
      stage = invoke.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(failed(verb, subject, e));
    }
    if (stage == null) {
      return Future.failedFuture(
          failed(verb, subject, new IllegalStateException("returned no CompletionStage")));
    }
    Promise<T> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, timeout.toMillis()),
            id -> {
              String message =
                  "muster: " + verb.tag() + " did not finish within " + timeout.toMillis() + "ms";
              if (promise.tryFail(new VerbFailure(VerbResult.TIMEOUT, message))) {
                LOG.error("{} timed out after {}ms {}", verb.tag(), timeout.toMillis(), subject);
              }
            });
    Future.fromCompletionStage(stage, context)
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              if (promise.future().isComplete()) {
                LOG.warn("{} answered after its deadline; answer dropped {}", verb.tag(), subject);
              } else if (ar.failed()) {
                promise.fail(failed(verb, subject, ar.cause()));
              } else if (ar.result() == null) {
                promise.fail(failed(verb, subject, new IllegalStateException("answered null")));
              } else {
                promise.complete(ar.result());
              }
            });
    return promise.future();
  }

  private static VerbFailure failed(Verb verb, String subject, Throwable cause) {
    Throwable root =
        cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
    String ref = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    LOG.error("{} failed ref={} {}", verb.tag(), ref, subject, root);
    return new VerbFailure(
        VerbResult.ERROR,
        "muster: " + verb.tag() + " failed (ref " + ref + ", see the extender log)");
  }

  /**
   * Serves one verb whose reply is plain JSON: decode the body as {@code args}, run {@code verb},
   * answer its result; a bad request gets 400 with the problem named, and a failure of the
   * scheduling logic gets HTTP 200 with {@code onFailure}'s reply, as kube-scheduler expects.
   */
  <A, R> void serve(
      RoutingContext ctx,
      Verb verb,
      Class<A> args,
      java.util.function.Function<A, Future<R>> handler,
      java.util.function.Function<VerbFailure, Object> onFailure) {
    long start = ServerRoutes.startNanos(ctx);
    decode(ctx.body().buffer(), args)
        .compose(handler)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                done(verb, VerbResult.OK, start);
                Replies.json(ctx, 200, ar.result());
              } else if (ar.cause() instanceof BadRequest bad) {
                done(verb, VerbResult.BAD_REQUEST, start);
                LOG.warn("{} refused: {}", verb.tag(), bad.getMessage());
                Replies.error(ctx, 400, bad.getMessage());
              } else if (ar.cause() instanceof VerbFailure failure) {
                done(verb, failure.result(), start);
                Replies.json(ctx, 200, onFailure.apply(failure));
              } else {
                done(verb, VerbResult.ERROR, start);
                ctx.fail(ar.cause());
              }
            });
  }

  /** Records the verb's latency since {@code startNanos} with its result. */
  void done(Verb verb, VerbResult result, long startNanos) {
    metrics.verbDone(verb, result, System.nanoTime() - startNanos);
  }
}
