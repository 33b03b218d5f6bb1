package io.muster.extender.http;

import io.muster.extender.api.FilterVerdict;
import io.muster.extender.http.wire.ExtenderFilterResult;
import io.muster.extender.http.wire.WireNodeList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link FilterVerdict} into the wire reply, enforcing what kube-scheduler relies on
 * whatever the verdict says: only offered nodes pass (it errors on any other name), a node listed
 * as failing does not pass, and every offered node that does not pass is listed with a message (an
 * unlisted node would silently lose its reason). The reply uses the request's mode.
 */
final class FilterReply {
  /** The message for a dropped node the verdict forgot to explain. */
  static final String UNLISTED = "muster: node not chosen for this pod (no reason recorded)";

  private static final Logger LOG = LoggerFactory.getLogger(FilterReply.class);

  private FilterReply() {}

  static ExtenderFilterResult of(FilterVerdict verdict, OfferedNodes offered, String subject) {
    Set<String> passed = new LinkedHashSet<>();
    List<String> foreign = new ArrayList<>();
    List<String> contradictory = new ArrayList<>();
    for (String node : verdict.passed()) {
      if (!offered.offers(node)) {
        foreign.add(node);
      } else if (verdict.failed().containsKey(node) || verdict.unresolvable().containsKey(node)) {
        contradictory.add(node); // failing wins: a wrongly passed executor could leave its slot
      } else {
        passed.add(node);
      }
    }
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> unresolvable = new LinkedHashMap<>();
    int unlisted = 0;
    for (String node : offered.names()) {
      if (passed.contains(node)) {
        continue;
      }
      String why = verdict.unresolvable().get(node); // kube-scheduler lets unresolvable win too
      if (why != null) {
        unresolvable.put(node, why);
      } else if (verdict.failed().containsKey(node)) {
        failed.put(node, verdict.failed().get(node));
      } else {
        unresolvable.put(node, UNLISTED);
        unlisted++;
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
