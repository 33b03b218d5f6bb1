package io.muster.extender.http;

import io.muster.extender.api.HostScore;
import io.muster.extender.http.wire.HostPriority;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns scores into the bare wire array: offered hosts only, each once (the first score wins). */
final class PrioritizeReply {
  private static final Logger LOG = LoggerFactory.getLogger(PrioritizeReply.class);

  private PrioritizeReply() {}

  static List<HostPriority> of(List<HostScore> scores, OfferedNodes offered, String subject) {
    List<HostPriority> reply = new ArrayList<>(scores.size());
    Set<String> seen = new HashSet<>();
    int dropped = 0;
    for (HostScore score : scores) {
      if (score == null || !offered.offers(score.host()) || !seen.add(score.host())) {
        dropped++;
        continue;
      }
      reply.add(new HostPriority(score.host(), score.score()));
    }
    if (dropped > 0) {
      LOG.warn(
          "prioritize scores corrected {}: dropped {} null, unoffered or repeated hosts",
          subject,
          dropped);
    }
    return reply;
  }
}
