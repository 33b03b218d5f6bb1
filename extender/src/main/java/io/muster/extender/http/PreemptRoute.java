package io.muster.extender.http;

import io.fabric8.kubernetes.api.model.Pod;
import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.SchedulerVerbs;
import io.muster.extender.http.wire.ExtenderPreemptionArgs;
import io.muster.extender.http.wire.ExtenderPreemptionResult;
import io.muster.extender.http.wire.MetaPod;
import io.muster.extender.http.wire.MetaVictims;
import io.muster.extender.http.wire.Victims;
import io.muster.extender.metrics.ExtenderMetrics.Verb;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /preempt}. Both request modes (full victim pods, or victim UIDs) become one {@link
 * PreemptRequest}; the reply is always UIDs. The reply has no error field, so a failure of the
 * scheduling logic answers "preempt nothing": evictions are the one thing never to guess at.
 */
final class PreemptRoute implements Handler<RoutingContext> {
  private static final ExtenderPreemptionResult NOTHING = new ExtenderPreemptionResult(Map.of());

  private final SchedulerVerbs verbs;
  private final VerbCalls calls;

  PreemptRoute(SchedulerVerbs verbs, VerbCalls calls) {
    this.verbs = verbs;
    this.calls = calls;
  }

  @Override
  public void handle(RoutingContext ctx) {
    calls.serve(ctx, Verb.PREEMPT, ExtenderPreemptionArgs.class, this::preempt, failure -> NOTHING);
  }

  private Future<ExtenderPreemptionResult> preempt(ExtenderPreemptionArgs args) {
    PreemptRequest request;
    try {
      request = toRequest(args);
    } catch (BadRequest e) {
      return Future.failedFuture(e);
    }
    if (request.victimUidsByNode().isEmpty()) {
      return Future.succeededFuture(NOTHING);
    }
    String subject = ServerRoutes.subject(args.pod());
    return calls
        .call(Verb.PREEMPT, subject, () -> verbs.preempt(request))
        .map(verdict -> PreemptReply.of(verdict, request, subject));
  }

  static PreemptRequest toRequest(ExtenderPreemptionArgs args) throws BadRequest {
    if (args.pod() == null) {
      throw new BadRequest("missing field \"Pod\"");
    }
    Map<String, List<String>> victims = new LinkedHashMap<>();
    Map<String, Long> pdb = new LinkedHashMap<>();
    if (args.nodeNameToMetaVictims() != null) {
      for (Map.Entry<String, MetaVictims> e : args.nodeNameToMetaVictims().entrySet()) {
        String field = "NodeNameToMetaVictims." + e.getKey() + ".Pods";
        MetaVictims v = e.getValue();
        List<String> uids = new ArrayList<>();
        List<MetaPod> pods = v == null || v.pods() == null ? List.of() : v.pods();
        for (int i = 0; i < pods.size(); i++) {
          uids.add(uid(pods.get(i) == null ? null : pods.get(i).uid(), field, i));
        }
        victims.put(e.getKey(), uids);
        pdb.put(e.getKey(), v == null ? 0L : v.numPdbViolations());
      }
    } else if (args.nodeNameToVictims() != null) {
      for (Map.Entry<String, Victims> e : args.nodeNameToVictims().entrySet()) {
        String field = "NodeNameToVictims." + e.getKey() + ".Pods";
        Victims v = e.getValue();
        List<String> uids = new ArrayList<>();
        List<Pod> pods = v == null || v.pods() == null ? List.of() : v.pods();
        for (int i = 0; i < pods.size(); i++) {
          Pod pod = pods.get(i);
          String uid = pod == null || pod.getMetadata() == null ? null : pod.getMetadata().getUid();
          uids.add(uid(uid, field, i));
        }
        victims.put(e.getKey(), uids);
        pdb.put(e.getKey(), v == null ? 0L : v.numPdbViolations());
      }
    }
    return new PreemptRequest(args.pod(), victims, pdb);
  }

  private static String uid(String uid, String field, int index) throws BadRequest {
    if (uid == null || uid.isBlank()) {
      throw new BadRequest("field \"" + field + "[" + index + "]\": victim without a UID");
    }
    return uid;
  }
}
