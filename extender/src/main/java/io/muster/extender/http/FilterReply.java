package io.muster.extender.http;

import io.muster.extender.api.FilterVerdict;
import io.muster.extender.http.wire.ExtenderFilterResult;
import io.muster.extender.http.wire.WireNodeList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link FilterVerdict} into the wire reply, enforcing what kube-scheduler relies on
 * whatever the verdict says: only offered nodes pass (it errors on any other name) and a node
 * listed as failing does not pass. The reply uses the request's mode.
 *
 * <p>Dropped nodes are listed only when no node passes. kube-scheduler (v1.36, {@code
 * findNodesThatPassExtenders}) copies the failed maps into the diagnosis of the attempt, which it
 * reads only when no node is feasible (the {@code FitError} that {@code kubectl describe} shows,
 * and preemption); when a node passes they only feed a log count. Listing 999 nodes for an executor
 * steered to one node cost kube-scheduler about 2 ms of CPU per pod and Muster the encoding of ~90
 * KB. When nothing passes, every offered node is listed with its reason ({@link #UNLISTED} when the
 * verdict gave none, so no node silently loses its reason).
 */
final class FilterReply {
  /** The message for a dropped node the verdict forgot to explain. */
  static final String UNLISTED = "muster: node not chosen for this pod (no reason recorded)";

  private static final Logger LOG = LoggerFactory.getLogger(FilterReply.class);

  private FilterReply() {}

  static ExtenderFilterResult of(FilterVerdict verdict, OfferedNodes offered, String subject) {
    List<String> passed = new ArrayList<>(verdict.passed().size());
    Set<String> seen = new HashSet<>();
    List<String> foreign = new ArrayList<>();
    List<String> contradictory = new ArrayList<>();
    for (String node : verdict.passed()) {
      if (!offered.offers(node)) {
        foreign.add(node);
      } else if (verdict.failed().containsKey(node) || verdict.unresolvable().containsKey(node)) {
        contradictory.add(node); // failing wins: a wrongly passed executor could leave its slot
      } else if (seen.add(node)) {
        passed.add(node);
      }
    }
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> unresolvable = new LinkedHashMap<>();
    int unlisted = 0;
    if (passed.isEmpty()) {
      for (String node : offered.names()) {
        Optional<FilterVerdict.Others> why = verdict.reasonFor(node);
        if (why.isEmpty()) {
          unresolvable.put(node, UNLISTED);
          unlisted++;
        } else if (why.get().resolvable()) {
          failed.put(node, why.get().message());
        } else {
          unresolvable.put(node, why.get().message());
        }
      }
    }
    if (!foreign.isEmpty() || !contradictory.isEmpty() || unlisted > 0) {
      LOG.warn(
          "filter verdict corrected {}: dropped {} passed nodes that were not offered {},"
              + " {} both passed and failed {}, listed {} unexplained nodes",
          subject,
          foreign.size(),
          head(foreign),
          contradictory.size(),
          head(contradictory),
          unlisted);
    }
    List<String> names = List.copyOf(passed);
    return new ExtenderFilterResult(
        offered.byObject() ? new WireNodeList(offered.objectsOf(names)) : null,
        offered.byName() ? names : null,
        failed,
        unresolvable,
        "");
  }

  private static List<String> head(List<String> nodes) {
    return nodes.size() <= 5 ? nodes : nodes.subList(0, 5);
  }
}
