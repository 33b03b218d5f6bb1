package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.Node;

/** Applies node events to the index; listeners hear only of changes that matter for placement. */
final class NodeApplier implements IndexingItemStore.Applier<Node> {
  private final ClusterIndex index;
  private final ClusterListener listener;

  NodeApplier(ClusterIndex index, ClusterListener listener) {
    this.index = index;
    this.listener = listener;
  }

  @Override
  public void apply(Node node) {
    ClusterIndex.NodeChange change = index.upsertNode(NodeTranslator.translate(node));
    if (change.changed()) {
      listener.nodeChanged(change.previous(), change.current());
    }
  }

  @Override
  public void remove(String namespace, String name) {
    ClusterIndex.NodeChange change = index.removeNode(name);
    if (change.changed()) {
      listener.nodeChanged(change.previous(), change.current());
    }
  }
}
