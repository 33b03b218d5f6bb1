package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import io.fabric8.kubernetes.client.informers.impl.cache.ProcessorStore;
import io.fabric8.kubernetes.client.informers.impl.cache.SharedProcessor;
import io.muster.placement.model.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Drives the item store through fabric8's own informer store (the classes its Reflector calls), as
 * a list, a watch gap and a relist after "410 Gone" would: pods deleted during the gap arrive only
 * as keys missing from the relist, i.e. tombstones without an object.
 */
class RelistTest {
  private static final long GI = 1L << 30;
  private final ClusterIndex index = new ClusterIndex();
  private final List<String> heard = new ArrayList<>();
  private final ProcessorStore<Pod> informerStore;

  RelistTest() {
    CacheImpl<Pod> cache = new CacheImpl<>();
    cache.setItemStore(
        new IndexingItemStore<>(
            Pod::new,
            new PodApplier(
                index,
                new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS),
                new ClusterListener() {
                  @Override
                  public void podChanged(Optional<PodRecord> previous, PodRecord current) {
                    heard.add((previous.isEmpty() ? "add " : "change ") + current.name());
                  }

                  @Override
                  public void podDeleted(PodRecord last) {
                    heard.add("delete " + last.name());
                  }
                }),
            () -> {}));
    informerStore = new ProcessorStore<>(cache, new SharedProcessor<>());
  }

  private static Pod pod(String name, String node, String rv) {
    Pod p = TestPods.pod("ns", name).node(node).requests("1", "1Gi").uid("uid-" + name).build();
    p.getMetadata().setResourceVersion(rv);
    return p;
  }

  private void list(Pod... pods) {
    informerStore.update(List.of(pods));
    Set<String> keys = new java.util.HashSet<>();
    for (Pod p : pods) {
      keys.add("ns/" + p.getMetadata().getName());
    }
    informerStore.retainAll(keys, executor -> {});
  }

  private Resources usage(String node) {
    var n = index.snapshot().nodes().get(node);
    return n == null ? null : n.requested();
  }

  @Test
  void relistAfterAWatchGapConvergesWithoutDoubleCounting() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    index.upsertNode(NodeTranslator.translate(TestPods.node("n2", "8", "32Gi")));
    list(pod("a", "n1", "1"), pod("b", "n1", "2"), pod("c", "n1", "3"));
    assertThat(usage("n1")).isEqualTo(Resources.of(3000, 3 * GI, 3));

    // During the gap: b deleted, c recreated on n2, d created. The relist shows only the result.
    list(pod("a", "n1", "1"), pod("c", "n2", "9"), pod("d", "n2", "10"));

    assertThat(index.pod("ns", "b")).isEmpty();
    assertThat(index.pod("ns", "c").flatMap(PodRecord::nodeName)).contains("n2");
    assertThat(usage("n1")).isEqualTo(Resources.of(1000, GI, 1));
    assertThat(usage("n2")).isEqualTo(Resources.of(2000, 2 * GI, 2));
    assertThat(heard).containsExactly("add a", "add b", "add c", "change c", "add d", "delete b");
  }

  @Test
  void watchDeleteAfterARelistIsNotCountedTwice() {
    index.upsertNode(NodeTranslator.translate(TestPods.node("n1", "8", "32Gi")));
    list(pod("a", "n1", "1"));
    informerStore.delete(pod("a", "n1", "1"));
    informerStore.delete(pod("a", "n1", "1"));
    assertThat(usage("n1")).isEqualTo(Resources.ZERO);
    assertThat(heard).containsExactly("add a", "delete a");
  }
}
