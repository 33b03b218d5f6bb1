package io.muster.extender.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.policy.QueueDiscipline;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads one policy mapping ({@code default} or a rule's {@code policy}) over a base policy: a field
 * that is given replaces the base's value, a field that is not given keeps it. That is how rules
 * inherit from {@code default}, and {@code default} from {@link PlacementPolicy#DEFAULT}.
 */
final class PolicyFields {
  static final String STRATEGY = "strategy";
  static final String SHUFFLE_WEIGHT = "shuffleWeight";
  static final String QUEUE = "queue";
  static final String DRIVER_BIND_TIMEOUT = "driverBindTimeout";
  static final String SLOT_CLAIM_TIMEOUT = "slotClaimTimeout";
  static final String DYNAMIC_ALLOCATION_EXTRAS = "dynamicAllocationExtras";
  static final List<String> KNOWN =
      List.of(
          STRATEGY,
          SHUFFLE_WEIGHT,
          QUEUE,
          DRIVER_BIND_TIMEOUT,
          SLOT_CLAIM_TIMEOUT,
          DYNAMIC_ALLOCATION_EXTRAS);

  private PolicyFields() {}

  /** {@code base} with the fields given at {@code node}; {@code base} itself after a violation. */
  static PlacementPolicy read(
      JsonNode node, String path, PlacementPolicy base, Violations violations) {
    Optional<ObjectNode> mapping = YamlFields.mapping(node, path, KNOWN, violations);
    if (mapping.isEmpty()) {
      return base;
    }
    ObjectNode m = mapping.get();
    int before = violations.count();
    PackingStrategy strategy =
        field(m, STRATEGY)
            .flatMap(n -> strategy(n, Violations.child(path, STRATEGY), violations))
            .orElse(base.strategy());
    int shuffleWeight =
        field(m, SHUFFLE_WEIGHT)
            .flatMap(
                n ->
                    YamlFields.intInRange(
                        n, Violations.child(path, SHUFFLE_WEIGHT), 0, 10, violations))
            .orElse(base.shuffleWeight());
    QueueDiscipline queue =
        field(m, QUEUE)
            .flatMap(n -> queue(n, Violations.child(path, QUEUE), violations))
            .orElse(base.queue());
    Duration driverBind =
        field(m, DRIVER_BIND_TIMEOUT)
            .flatMap(
                n ->
                    PolicyDuration.read(n, Violations.child(path, DRIVER_BIND_TIMEOUT), violations))
            .orElse(base.driverBindTimeout());
    Duration slotClaim =
        field(m, SLOT_CLAIM_TIMEOUT)
            .flatMap(
                n -> PolicyDuration.read(n, Violations.child(path, SLOT_CLAIM_TIMEOUT), violations))
            .orElse(base.slotClaimTimeout());
    boolean extras =
        field(m, DYNAMIC_ALLOCATION_EXTRAS)
            .flatMap(
                n ->
                    YamlFields.bool(
                        n, Violations.child(path, DYNAMIC_ALLOCATION_EXTRAS), violations))
            .orElse(base.dynamicExtras());
    if (violations.count() > before) {
      return base;
    }
    return new PlacementPolicy(strategy, shuffleWeight, queue, driverBind, slotClaim, extras);
  }

  private static Optional<JsonNode> field(ObjectNode m, String name) {
    return YamlFields.optional(m, name);
  }

  private static Optional<PackingStrategy> strategy(JsonNode node, String path, Violations v) {
    return YamlFields.string(node, path, v)
        .flatMap(
            name -> {
              Optional<PackingStrategy> s = PackingStrategy.fromWireName(name);
              if (s.isEmpty()) {
                v.add(
                    path,
                    "unknown %s (known: %s)",
                    Violations.quote(name),
                    PackingStrategy.knownNames());
              }
              return s;
            });
  }

  private static Optional<QueueDiscipline> queue(JsonNode node, String path, Violations v) {
    return YamlFields.string(node, path, v)
        .flatMap(
            name -> {
              Optional<QueueDiscipline> q = QueueDiscipline.fromWireName(name);
              if (q.isEmpty()) {
                v.add(
                    path,
                    "unknown %s (known: %s)",
                    Violations.quote(name),
                    QueueDiscipline.knownNames());
              }
              return q;
            });
  }
}
