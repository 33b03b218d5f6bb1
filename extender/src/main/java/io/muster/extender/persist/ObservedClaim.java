package io.muster.extender.persist;

import java.util.OptionalInt;

/** A live executor of the gang seen bound on {@code node}, and the slot it holds, if any. */
public record ObservedClaim(String pod, String node, OptionalInt slot) {}
