package io.muster.extender.persist;

import java.util.Objects;

/**
 * Which write of a gang's reservation this is: the replica that wrote it and its revision. A
 * replica only ever writes revisions above the one it last saw, so (writer, revision) orders the
 * writes of one lineage and tells a stale replica's write from a newer one.
 */
public record ReservationVersion(String writer, long revision) {
  public ReservationVersion {
    Objects.requireNonNull(writer, "writer");
  }

  @Override
  public String toString() {
    return writer + "#" + revision;
  }
}
