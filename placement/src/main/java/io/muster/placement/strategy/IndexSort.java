package io.muster.placement.strategy;

/**
 * Sorts an {@code int[]} of positions with a primitive comparator: no boxing and no comparator
 * chains, which matters when thousands of nodes are ordered for every plan. Top-down merge sort
 * (O(n log n), stable).
 */
final class IndexSort {
  /** Compares two positions. */
  @FunctionalInterface
  interface IntOrder {
    int compare(int a, int b);
  }

  private IndexSort() {}

  /** Positions 0..count-1 sorted by {@code order}. */
  static int[] sortedPositions(int count, IntOrder order) {
    int[] a = new int[count];
    for (int i = 0; i < count; i++) {
      a[i] = i;
    }
    sort(a, order);
    return a;
  }

  static void sort(int[] a, IntOrder order) {
    if (a.length < 2) {
      return;
    }
    mergeSort(a.clone(), a, 0, a.length, order);
  }

  /** Sorts src[lo, hi) into dst[lo, hi); both start with the same contents. */
  private static void mergeSort(int[] src, int[] dst, int lo, int hi, IntOrder order) {
    if (hi - lo < 12) {
      for (int i = lo + 1; i < hi; i++) {
        int v = dst[i];
        int j = i - 1;
        while (j >= lo && order.compare(dst[j], v) > 0) {
          dst[j + 1] = dst[j];
          j--;
        }
        dst[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(dst, src, lo, mid, order);
    mergeSort(dst, src, mid, hi, order);
    if (order.compare(src[mid - 1], src[mid]) <= 0) {
      System.arraycopy(src, lo, dst, lo, hi - lo);
      return;
    }
    for (int i = lo, p = lo, q = mid; i < hi; i++) {
      if (q >= hi || (p < mid && order.compare(src[p], src[q]) <= 0)) {
        dst[i] = src[p++];
      } else {
        dst[i] = src[q++];
      }
    }
  }
}
