package io.muster.extender.policy;

import io.muster.extender.policy.ReloadResult.Source;
import io.muster.placement.policy.PlacementPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the policy set in force and replaces it when the {@code muster-policies} ConfigMap changes.
 *
 * <ul>
 *   <li>Valid content is applied at once.
 *   <li>Invalid content changes nothing: the last good set stays, every violation is logged at WARN
 *       in one line, and the listener gets a {@link ReloadResult.Rejected}.
 *   <li>A deleted ConfigMap (or none at all once the informer has synced) means {@link
 *       PolicySet#BUILT_IN}, the same policy that {@code policies/default.yaml} spells out.
 *   <li>Invalid content before any good content (say, at start-up) leaves the built-in default in
 *       force: scheduling must not stop over a typo, and the rejection is still reported.
 *   <li>The same content delivered again (informer resync) is a no-op: no log, no listener call.
 * </ul>
 *
 * <p>{@link #loaded()} turns true at the first call of either {@code onConfigMap} method, whatever
 * its outcome, because from then on a known policy is in force; readiness waits for it. The caller
 * must therefore call {@code onConfigMap(Optional.empty())} once the ConfigMap informer has synced
 * and found no ConfigMap. Readers ({@link #current()}) never block; writers are serialized.
 */
public final class PolicyLoader {
  public static final String CONFIG_MAP_NAME = "muster-policies";
  public static final String DATA_KEY = "policies.yaml";

  private static final Logger LOG = LoggerFactory.getLogger(PolicyLoader.class);

  private final Clock clock;
  private final PolicyReloadListener listener;
  private final AtomicReference<State> state =
      new AtomicReference<>(
          new State(PolicySet.BUILT_IN, Source.BUILT_IN_DEFAULT, Optional.empty()));

  /** The input of the last reload, to recognise a resync; guarded by {@code this}. */
  private Input lastInput;

  public PolicyLoader(Clock clock, PolicyReloadListener listener) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The ConfigMap's {@value #DATA_KEY} text, or empty when the ConfigMap was deleted (or is absent
   * after the informer synced). Returns the result now in effect.
   */
  public ReloadResult onConfigMap(Optional<String> yaml) {
    return reload(yaml.<Input>map(Input::of).orElse(new Deleted()));
  }

  /**
   * The ConfigMap's whole {@code data} map, or empty when the ConfigMap was deleted; content
   * without the {@value #DATA_KEY} key is rejected like any invalid edit.
   */
  public ReloadResult onConfigMapData(Optional<Map<String, String>> data) {
    if (data.isEmpty()) {
      return reload(new Deleted());
    }
    String yaml = data.get().get(DATA_KEY);
    return reload(
        yaml == null ? new MissingKey(new TreeSet<>(data.get().keySet())) : Input.of(yaml));
  }

  /** The policy set in force ({@link PolicySet#BUILT_IN} until the first reload). */
  public PolicySet current() {
    return state.get().current();
  }

  /** Shorthand for {@code current().policyFor(namespace, driverLabels)}. */
  public ResolvedPolicy policyFor(String namespace, Map<String, String> driverLabels) {
    return current().policyFor(namespace, driverLabels);
  }

  /** The last reload that changed something or was rejected; empty before the first. */
  public Optional<ReloadResult> lastResult() {
    return state.get().last();
  }

  /** True once any policy (possibly the built-in default) is known to be in force. */
  public boolean loaded() {
    return state.get().last().isPresent();
  }

  private synchronized ReloadResult reload(Input input) {
    State before = state.get();
    if (input.equals(lastInput) && before.last().isPresent()) {
      return before.last().get();
    }
    lastInput = input;
    ReloadResult result =
        switch (input) {
          case Deleted d -> apply(Source.BUILT_IN_DEFAULT, PolicySet.BUILT_IN);
          case MissingKey k -> reject(before, List.of(k.violation()));
          case Oversized o -> reject(before, List.of(YamlTree.tooLarge(o.length())));
          case Text t ->
              switch (PolicyParser.parse(t.yaml())) {
                case ParseResult.Parsed p -> apply(Source.CONFIG_MAP, p.policies());
                case ParseResult.Rejected r -> reject(before, r.violations());
              };
        };
    notifyListener(result);
    return result;
  }

  private ReloadResult apply(Source source, PolicySet policies) {
    ReloadResult.Applied applied = new ReloadResult.Applied(clock.instant(), source, policies);
    state.set(new State(policies, source, Optional.of(applied)));
    LOG.info(
        "policy applied source={} default={} rules={}",
        source.tag(),
        describe(policies.defaultPolicy()),
        policies.rules().stream()
            .map(r -> r.name() + "=" + describe(r.policy()))
            .collect(Collectors.joining(", ", "[", "]")));
    return applied;
  }

  private ReloadResult reject(State before, List<String> violations) {
    ReloadResult.Rejected rejected =
        new ReloadResult.Rejected(clock.instant(), violations, before.source());
    state.set(new State(before.current(), before.source(), Optional.of(rejected)));
    LOG.warn(
        "policy rejected: {} violation(s); keeping the {} policy: {}",
        violations.size(),
        before.source() == Source.CONFIG_MAP ? "last good ConfigMap" : "built-in default",
        String.join("; ", violations));
    return rejected;
  }

  private void notifyListener(ReloadResult result) {
    try {
      listener.reloaded(result);
    } catch (RuntimeException e) {
      // The new state is already in force; a failing event or metric must not undo it.
      LOG.error("policy reload listener failed outcome={}", result.outcome().tag(), e);
    }
  }

  /**
   * One short line per policy for the log, e.g. {@code tightly-pack/5/strict-fifo/5m/10m/extras}.
   */
  static String describe(PlacementPolicy p) {
    return String.join(
        "/",
        p.strategy().wireName(),
        Integer.toString(p.shuffleWeight()),
        p.queue().wireName(),
        PolicyDuration.format(p.driverBindTimeout()),
        PolicyDuration.format(p.slotClaimTimeout()),
        p.dynamicExtras() ? "extras" : "no-extras");
  }

  private record State(PolicySet current, Source source, Optional<ReloadResult> last) {}

  /** What a reload was asked to take in; equal inputs are one reload. */
  private sealed interface Input {
    static Input of(String yaml) {
      // Oversized text is rejected on its length alone: no need to keep it for the comparison.
      return yaml.length() > YamlTree.MAX_CHARS ? new Oversized(yaml.length()) : new Text(yaml);
    }
  }

  private record Deleted() implements Input {}

  private record Text(String yaml) implements Input {}

  private record Oversized(int length) implements Input {}

  private record MissingKey(Set<String> keys) implements Input {
    String violation() {
      String present =
          keys.isEmpty()
              ? "it has no keys"
              : "keys: " + keys.stream().map(Violations::quote).collect(Collectors.joining(", "));
      return "data: ConfigMap %s has no key %s (%s)"
          .formatted(CONFIG_MAP_NAME, Violations.quote(DATA_KEY), present);
    }
  }
}
