package io.muster.placement.testing;

import java.util.List;

/**
 * Decodes a list of random integers ("genes") into test values, so that jqwik can generate and
 * shrink whole scenarios as one {@code List<Integer>}: a shrunk gene (towards 0) decodes to a
 * simpler value, and missing genes decode as 0.
 */
public final class Genes {
  private final List<Integer> genes;
  private int position;

  public Genes(List<Integer> genes) {
    this.genes = genes;
  }

  /** A value in 0..bound-1. */
  public int next(int bound) {
    if (position >= genes.size()) {
      return 0;
    }
    return Math.floorMod(genes.get(position++), bound);
  }

  /** True with roughly {@code percent}% probability (false when genes run out). */
  public boolean chance(int percent) {
    return next(100) >= 100 - percent;
  }
}
