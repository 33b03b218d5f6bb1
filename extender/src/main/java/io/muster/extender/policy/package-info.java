/**
 * Placement policies: the YAML document held in the {@code muster-policies} ConfigMap, its strict
 * parser ({@link io.muster.extender.policy.PolicyParser}), the resolved {@link
 * io.muster.extender.policy.PolicySet} that maps a driver (namespace + labels) to a {@link
 * io.muster.placement.policy.PlacementPolicy}, and the hot-reloading {@link
 * io.muster.extender.policy.PolicyLoader} that keeps the last good set when an edit is broken. The
 * format is documented in {@code policies/README.md}.
 */
package io.muster.extender.policy;
