package io.muster.placement.testing;

import io.muster.placement.model.GangId;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeSelectorTerm;
import io.muster.placement.model.PodConstraints;
import io.muster.placement.model.Resources;
import io.muster.placement.model.Toleration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gang fixtures: {@code spark("ns/app-1").driver(1, 2).executors(8, 2, 4).build()} is a driver of 1
 * CPU / 2 GiB and 8 executors of 2 CPU / 4 GiB each.
 */
public final class Gangs {
  /** Creation times of fixtures count from here; {@code createdAt(10)} is 10 s later. */
  public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

  private Gangs() {}

  public static Builder spark(String namespaceSlashApp) {
    String[] parts = namespaceSlashApp.split("/", 2);
    return new Builder(new GangId(parts[0], parts[1]));
  }

  public static GangId id(String namespaceSlashApp) {
    String[] parts = namespaceSlashApp.split("/", 2);
    return new GangId(parts[0], parts[1]);
  }

  /** Fluent gang builder; defaults: no executors, max = min, priority 0, created at EPOCH. */
  public static final class Builder {
    private final GangId id;
    private Instant createdAt = EPOCH;
    private int priority;
    private Optional<Resources> driver = Optional.empty();
    private Resources executor = Resources.pod(1000, Nodes.GI);
    private int min;
    private Integer max;
    private final Map<String, String> selector = new HashMap<>();
    private final List<NodeSelectorTerm> terms = new ArrayList<>();
    private final List<Toleration> tolerations = new ArrayList<>();

    private Builder(GangId id) {
      this.id = id;
    }

    public Builder driver(double cores, double gib) {
      driver = Optional.of(Resources.pod(Math.round(cores * 1000), Math.round(gib * Nodes.GI)));
      return this;
    }

    public Builder driver(Resources demand) {
      driver = Optional.of(demand);
      return this;
    }

    public Builder executors(int count, double cores, double gib) {
      min = count;
      executor = Resources.pod(Math.round(cores * 1000), Math.round(gib * Nodes.GI));
      return this;
    }

    public Builder executor(Resources demand) {
      executor = demand;
      return this;
    }

    public Builder executorGpus(long count) {
      executor = executor.withExtended(Nodes.GPU, count);
      return this;
    }

    public Builder max(int count) {
      max = count;
      return this;
    }

    public Builder priority(int p) {
      priority = p;
      return this;
    }

    /** Created {@code seconds} after {@link #EPOCH}. */
    public Builder createdAt(long seconds) {
      createdAt = EPOCH.plusSeconds(seconds);
      return this;
    }

    public Builder nodeSelector(String key, String value) {
      selector.put(key, value);
      return this;
    }

    public Builder requiredTerm(NodeSelectorTerm term) {
      terms.add(term);
      return this;
    }

    public Builder tolerate(Toleration toleration) {
      tolerations.add(toleration);
      return this;
    }

    public GangSpec build() {
      return new GangSpec(
          id,
          createdAt,
          priority,
          driver,
          executor,
          min,
          max == null ? min : max,
          new PodConstraints(selector, terms, tolerations));
    }
  }
}
