package io.muster.extender.scheduling;

import io.muster.extender.api.Inspector;
import io.muster.extender.cluster.PodRecord;
import io.muster.extender.policy.ReloadResult;
import io.muster.placement.ledger.GangView;
import io.muster.placement.ledger.WaitingGang;
import io.muster.placement.model.GangId;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Slot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /debug/gangs} and {@code /explain}: what the ledger holds and why a pod is where it is, as
 * plain JSON-able maps. Reads run on the decision loop (bounded wait), so they see a consistent
 * ledger. No Spark property is ever included, so no secret can leak through here.
 */
public final class GangInspector implements Inspector {
  private static final Duration READ_BOUND = Duration.ofSeconds(3);
  private final Collaborators c;
  private final DecisionLoop loop;
  private final GangBook book;
  private final ReplicaRole role;

  GangInspector(Collaborators c, DecisionLoop loop, GangBook book, ReplicaRole role) {
    this.c = c;
    this.loop = loop;
    this.book = book;
    this.role = role;
  }

  @Override
  public Object gangs() {
    return loop.await(this::gangsNow, READ_BOUND);
  }

  private Map<String, Object> gangsNow() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generation", c.view().snapshot().generation());
    out.put("replica", role.serving() ? "serving" : "standby");
    out.put("gangs", c.ledger().gangs().stream().map(this::gang).toList());
    out.put("waitingQueue", c.ledger().waiting().stream().map(GangInspector::waiting).toList());
    Map<String, String> held = new LinkedHashMap<>();
    c.ledger().held().forEach((node, r) -> held.put(node, r.describe()));
    out.put("heldByNode", held);
    out.put("policy", c.policies().lastResult().map(GangInspector::policy).orElse(Map.of()));
    return out;
  }

  private Map<String, Object> gang(GangView v) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("gang", v.gang().id().toString());
    g.put("phase", v.phase().name());
    g.put("createdAt", v.gang().createdAt().toString());
    g.put("priority", v.gang().priority());
    g.put(
        "demand",
        Map.of(
            "driver", v.gang().driver().map(r -> r.describe()).orElse("none (client mode)"),
            "executor", v.gang().executor().describe(),
            "minExecutors", v.gang().minExecutors(),
            "maxExecutors", v.gang().maxExecutors()));
    g.put("strategy", v.policy().strategy().wireName());
    g.put("queue", v.policy().queue().wireName());
    book.policy(v.gang().id()).ifPresent(p -> g.put("policyRule", p.ruleName()));
    v.reservation().ifPresent(r -> g.put("reservation", reservation(r)));
    v.waiting().ifPresent(w -> g.put("waiting", waiting(w)));
    if (!v.extraExecutors().isEmpty()) {
      g.put("extraExecutors", v.extraExecutors());
    }
    if (!v.assumedExtras().isEmpty()) {
      g.put("assumedExtras", v.assumedExtras());
    }
    return g;
  }

  private static Map<String, Object> reservation(Reservation r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driverNode", r.driverNode().orElse(""));
    m.put("driverBound", r.driverBound());
    m.put("reservedAt", r.reservedAt().toString());
    m.put("slots", r.slots().stream().map(GangInspector::slot).toList());
    return m;
  }

  private static Map<String, Object> slot(Slot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", s.index());
    m.put("node", s.node());
    m.put("state", s.state().name());
    s.pod().ifPresent(p -> m.put("pod", p));
    return m;
  }

  private static Map<String, Object> waiting(WaitingGang w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gang", w.gang().id().toString());
    m.put("reason", w.reason().tag());
    m.put("message", w.message());
    m.put("since", w.since().toString());
    return m;
  }

  private static Map<String, Object> policy(ReloadResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lastReload", r.outcome().tag());
    m.put("at", r.at().toString());
    if (r instanceof ReloadResult.Rejected rej) {
      m.put("violations", rej.violations());
    }
    return m;
  }

  @Override
  public Optional<Object> explain(String namespace, String pod) {
    Optional<PodRecord> record = c.view().pod(namespace, pod);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(loop.await(() -> explainNow(record.get()), READ_BOUND));
  }

  private Map<String, Object> explainNow(PodRecord p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pod", p.namespace() + "/" + p.name());
    m.put("node", p.nodeName().orElse(""));
    m.put("phase", p.phase().name());
    if (p.appId().isEmpty() || !(p.isDriver() || p.isExecutor())) {
      m.put(
          "explanation",
          "not a Spark pod (no spark-app-selector/spark-role): Muster passes it through");
      return m;
    }
    GangId gang = new GangId(p.namespace(), p.appId().get());
    m.put("role", p.isDriver() ? "driver" : "executor");
    m.put("gang", gang.toString());
    Optional<GangView> view = c.ledger().gang(gang);
    if (view.isEmpty()) {
      m.put(
          "explanation",
          p.isBound()
              ? "bound without a gang Muster holds (scheduled alone, or its gang was released)"
              : "Muster holds no gang for this application yet: its driver has not been admitted");
      return m;
    }
    GangView v = view.get();
    m.put("gangPhase", v.phase().name());
    v.waiting().ifPresent(w -> m.put("explanation", "waiting: " + w.message()));
    v.reservation()
        .ifPresent(
            r -> {
              if (p.isDriver()) {
                m.put("reservedNode", r.driverNode().orElse(""));
                m.putIfAbsent("explanation", "driver admitted with its whole gang");
              } else {
                Optional<Slot> slot =
                    r.slots().stream()
                        .filter(s -> s.pod().map(p.name()::equals).orElse(false))
                        .findFirst();
                slot.ifPresent(s -> m.put("slot", slot(s)));
                m.putIfAbsent(
                    "explanation",
                    slot.isPresent()
                        ? "holds slot " + slot.get().index() + " on " + slot.get().node()
                        : ExecutorSteering.openSlots(r) > 0
                            ? "not yet steered; open slots remain"
                            : "beyond the reserved minimum (dynamic allocation extra)");
              }
            });
    return m;
  }
}
