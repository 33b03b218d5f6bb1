package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IndexingItemStoreTest {
  private final ClusterIndex index = new ClusterIndex();
  private final List<String> heard = new ArrayList<>();
  private final AtomicInteger seen = new AtomicInteger();
  private final ClusterListener listener =
      new ClusterListener() {
        @Override
        public void podChanged(Optional<PodRecord> previous, PodRecord current) {
          heard.add((previous.isPresent() ? "update " : "add ") + current.name());
        }

        @Override
        public void podDeleted(PodRecord last) {
          heard.add("delete " + last.name() + " " + last.uid());
        }
      };
  private final IndexingItemStore<Pod> store =
      new IndexingItemStore<>(
          Pod::new,
          new PodApplier(
              index,
              new PodTrimmer(TestPods::requests, PodTrimmer.MUSTER_AND_SPARK_ANNOTATIONS),
              listener),
          seen::incrementAndGet);

  private static Pod withVersion(Pod pod, String rv) {
    pod.getMetadata().setResourceVersion(rv);
    return pod;
  }

  @Test
  void keepsOnlySkeletonsAndHandsFullObjectsToTheIndex() {
    Pod full =
        withVersion(
            TestPods.pod("ns", "a").app("spark-1").node("n1").annotation("x", "y").build(), "7");
    assertThat(store.put(store.getKey(full), full)).isNull();

    Pod kept = store.get("ns/a");
    assertThat(kept.getMetadata().getName()).isEqualTo("a");
    assertThat(kept.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(kept.getSpec()).isNull();
    assertThat(kept.getStatus()).isNull();
    assertThat(kept.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(store.isFullState()).isFalse();
    assertThat(index.pod("ns", "a"))
        .get()
        .extracting(PodRecord::nodeName)
        .isEqualTo(Optional.of("n1"));
    assertThat(seen.get()).isEqualTo(1);
  }

  @Test
  void putReturnsThePreviousSkeletonSoUnchangedVersionsAreSkipped() {
    Pod v1 = withVersion(TestPods.pod("ns", "a").build(), "1");
    store.put("ns/a", v1);
    Pod old = store.put("ns/a", withVersion(TestPods.pod("ns", "a").node("n1").build(), "2"));
    assertThat(old.getMetadata().getResourceVersion()).isEqualTo("1");
    // Same version again (a relist of an unchanged pod): not re-applied.
    store.put("ns/a", withVersion(TestPods.pod("ns", "a").node("n1").build(), "2"));
    assertThat(heard).containsExactly("add a", "update a");
  }

  @Test
  void removeByKeyIsATombstoneThatNeedsNoObject() {
    store.put("ns/a", withVersion(TestPods.pod("ns", "a").uid("u1").node("n1").build(), "1"));
    Pod removed = store.remove("ns/a");
    assertThat(removed.getMetadata().getName()).isEqualTo("a");
    assertThat(index.pod("ns", "a")).isEmpty();
    assertThat(store.remove("ns/a")).isNull();
    assertThat(heard).containsExactly("add a", "delete a u1");
  }

  @Test
  void aNewUidUnderTheSameNameIsADeleteThenAnAdd() {
    store.put("ns/a", withVersion(TestPods.pod("ns", "a").uid("u1").build(), "1"));
    store.put("ns/a", withVersion(TestPods.pod("ns", "a").uid("u2").build(), "5"));
    assertThat(heard).containsExactly("add a", "delete a u1", "add a");
  }

  @Test
  void listsKeysAndSkeletonValuesForRelists() {
    store.put("ns/a", withVersion(TestPods.pod("ns", "a").build(), "1"));
    store.put("ns/b", withVersion(TestPods.pod("ns", "b").build(), "2"));
    assertThat(store.keySet()).containsExactlyInAnyOrder("ns/a", "ns/b");
    assertThat(store.values().map(p -> p.getMetadata().getName()))
        .containsExactlyInAnyOrder("a", "b");
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void aFailingApplierDoesNotBreakTheStore() {
    IndexingItemStore<Pod> broken =
        new IndexingItemStore<>(
            Pod::new,
            new IndexingItemStore.Applier<>() {
              @Override
              public void apply(Pod item) {
                throw new IllegalStateException("boom");
              }

              @Override
              public void remove(String namespace, String name) {
                throw new IllegalStateException("boom");
              }
            },
            () -> {});
    broken.put("ns/a", withVersion(TestPods.pod("ns", "a").build(), "1"));
    assertThat(broken.keySet()).containsExactly("ns/a");
    assertThat(broken.remove("ns/a")).isNotNull();
  }

  @Test
  void clusterScopedKeysHaveNoNamespace() {
    ClusterIndex nodes = new ClusterIndex();
    IndexingItemStore<io.fabric8.kubernetes.api.model.Node> nodeStore =
        new IndexingItemStore<>(
            io.fabric8.kubernetes.api.model.Node::new,
            new NodeApplier(nodes, new ClusterListener() {}),
            () -> {});
    io.fabric8.kubernetes.api.model.Node n = TestPods.node("n1", "4", "8Gi");
    n.getMetadata().setResourceVersion("3");
    assertThat(nodeStore.getKey(n)).isEqualTo("n1");
    nodeStore.put("n1", n);
    assertThat(nodeStore.get("n1").getMetadata().getNamespace()).isNull();
    assertThat(nodes.snapshot().nodes()).containsKey("n1");
    nodeStore.remove("n1");
    assertThat(nodes.snapshot().nodes()).isEmpty();
  }
}
