package io.muster.loadtest.trace;

import io.muster.placement.model.Checks;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A reproducible workload: the seed it was generated from (0 for a hand-made trace), the cluster
 * and the applications in arrival order (ties by id). Application ids are unique.
 */
public record Trace(long seed, ClusterShape cluster, List<AppSpec> apps) {
  public Trace {
    Checks.requireArgument(cluster != null, "trace without cluster");
    apps =
        apps.stream()
            .sorted(Comparator.comparingLong(AppSpec::arrivalSeconds).thenComparing(AppSpec::id))
            .toList();
    Set<String> ids = new HashSet<>();
    for (AppSpec a : apps) {
      Checks.requireArgument(ids.add(a.id()), "duplicate app id %s", a.id());
    }
  }
}
