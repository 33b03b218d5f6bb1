package io.muster.extender.http;

import io.muster.extender.api.PreemptRequest;
import io.muster.extender.api.PreemptVerdict;
import io.muster.extender.http.wire.ExtenderPreemptionResult;
import io.muster.extender.http.wire.MetaPod;
import io.muster.extender.http.wire.MetaVictims;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link PreemptVerdict} into the wire reply, keeping only proposed nodes and, on each,
 * only victims kube-scheduler proposed there (it fails the whole preemption on an unknown UID).
 */
final class PreemptReply {
  private static final Logger LOG = LoggerFactory.getLogger(PreemptReply.class);

  private PreemptReply() {}

  static ExtenderPreemptionResult of(PreemptVerdict verdict, PreemptRequest asked, String subject) {
    Map<String, MetaVictims> reply = new LinkedHashMap<>();
    int dropped = 0;
    for (Map.Entry<String, List<String>> e : verdict.victimUidsByNode().entrySet()) {
      List<String> proposed = asked.victimUidsByNode().get(e.getKey());
      if (proposed == null) {
        dropped += e.getValue().size() + 1;
        continue;
      }
      Set<String> allowed = new HashSet<>(proposed);
      Set<String> seen = new HashSet<>();
      List<MetaPod> pods = new ArrayList<>();
      for (String uid : e.getValue()) {
        if (allowed.contains(uid) && seen.add(uid)) {
          pods.add(new MetaPod(uid));
        } else {
          dropped++;
        }
      }
      long pdb =
          verdict
              .pdbViolationsByNode()
              .getOrDefault(e.getKey(), asked.pdbViolationsByNode().getOrDefault(e.getKey(), 0L));
      reply.put(e.getKey(), new MetaVictims(pods, pdb));
    }
    if (dropped > 0) {
      LOG.warn(
          "preempt verdict corrected {}: dropped {} unproposed nodes or victims", subject, dropped);
    }
    return new ExtenderPreemptionResult(reply);
  }
}
