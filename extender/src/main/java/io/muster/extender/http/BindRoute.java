package io.muster.extender.http;

import io.muster.extender.api.BindRequest;
import io.muster.extender.api.SchedulerVerbs;
import io.muster.extender.http.wire.ExtenderBindingArgs;
import io.muster.extender.http.wire.ExtenderBindingResult;
import io.muster.extender.metrics.ExtenderMetrics.Verb;
import io.muster.extender.metrics.ExtenderMetrics.VerbResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /bind}: a failure of the scheduling logic answers HTTP 200 with {@code Error}. */
final class BindRoute implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(BindRoute.class);

  private final SchedulerVerbs verbs;
  private final VerbCalls calls;

  BindRoute(SchedulerVerbs verbs, VerbCalls calls) {
    this.verbs = verbs;
    this.calls = calls;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = ServerRoutes.startNanos(ctx);
    calls
        .decode(ctx.body().buffer(), ExtenderBindingArgs.class)
        .compose(this::bind)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                calls.done(Verb.BIND, VerbResult.OK, start);
                Replies.json(ctx, 200, ar.result());
              } else if (ar.cause() instanceof BadRequest bad) {
                calls.done(Verb.BIND, VerbResult.BAD_REQUEST, start);
                LOG.warn("bind refused: {}", bad.getMessage());
                Replies.error(ctx, 400, bad.getMessage());
              } else if (ar.cause() instanceof VerbFailure failure) {
                calls.done(Verb.BIND, failure.result(), start);
                Replies.json(ctx, 200, new ExtenderBindingResult(failure.getMessage()));
              } else {
                calls.done(Verb.BIND, VerbResult.ERROR, start);
                ctx.fail(ar.cause());
              }
            });
  }

  private Future<ExtenderBindingResult> bind(ExtenderBindingArgs args) {
    List<String> missing = new ArrayList<>();
    check(args.podName(), "PodName", missing);
    check(args.podNamespace(), "PodNamespace", missing);
    check(args.podUid(), "PodUID", missing);
    check(args.node(), "Node", missing);
    if (!missing.isEmpty()) {
      String fields = String.join(", ", missing);
      return Future.failedFuture(
          new BadRequest((missing.size() == 1 ? "missing field " : "missing fields ") + fields));
    }
    BindRequest request =
        new BindRequest(args.podName(), args.podNamespace(), args.podUid(), args.node());
    String subject = "pod=" + args.podNamespace() + "/" + args.podName() + " node=" + args.node();
    return calls
        .call(Verb.BIND, subject, () -> verbs.bind(request))
        .map(verdict -> new ExtenderBindingResult(verdict.error().orElse("")));
  }

  private static void check(String value, String field, List<String> missing) {
    if (value == null || value.isBlank()) {
      missing.add("\"" + field + "\"");
    }
  }
}
