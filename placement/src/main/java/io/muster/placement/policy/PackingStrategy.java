package io.muster.placement.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The named ways to lay a gang out on nodes; {@link #wireName()} is the name used in policies. */
public enum PackingStrategy {
  /** Fewest nodes: fill the fullest nodes that still fit first. */
  TIGHTLY_PACK("tightly-pack"),
  /** Spread executors round-robin over the nodes with most free room. */
  DISTRIBUTE_EVENLY("distribute-evenly"),
  /** The whole gang in one zone: try each zone, keep the tightest plan. */
  SINGLE_ZONE("single-zone"),
  /** Prefer plans that leave no node almost empty (least stranded room). */
  MINIMAL_FRAGMENTATION("minimal-fragmentation");

  private final String wireName;

  PackingStrategy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The strategy with this policy name; empty for an unknown name (never a silent default). */
  public static Optional<PackingStrategy> fromWireName(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.wireName.equals(n)).findFirst();
  }

  public static String knownNames() {
    return Arrays.stream(values()).map(PackingStrategy::wireName).collect(Collectors.joining(", "));
  }
}
