package io.muster.extender.http;

import io.muster.extender.api.BindRequest;
import io.muster.extender.api.SchedulerVerbs;
import io.muster.extender.http.wire.ExtenderBindingArgs;
import io.muster.extender.http.wire.ExtenderBindingResult;
import io.muster.extender.metrics.ExtenderMetrics.Verb;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /bind}: a failure of the scheduling logic answers HTTP 200 with {@code Error}. */
final class BindRoute implements Handler<RoutingContext> {

  private final SchedulerVerbs verbs;
  private final VerbCalls calls;

  BindRoute(SchedulerVerbs verbs, VerbCalls calls) {
    this.verbs = verbs;
    this.calls = calls;
  }

  @Override
  public void handle(RoutingContext ctx) {
    calls.serve(
        ctx,
        Verb.BIND,
        ExtenderBindingArgs.class,
        this::bind,
        failure -> new ExtenderBindingResult(failure.getMessage()));
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
