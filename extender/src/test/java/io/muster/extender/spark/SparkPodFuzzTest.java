package io.muster.extender.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.muster.extender.persist.DecodeResult;
import io.muster.extender.persist.PersistedReservation;
import io.muster.extender.persist.ReservationCodec;
import io.muster.extender.persist.ReservationStore;
import io.muster.placement.PlacementDecision;
import io.muster.placement.PlacementRequest;
import io.muster.placement.model.ClusterSnapshot;
import io.muster.placement.model.GangSpec;
import io.muster.placement.model.NodeState;
import io.muster.placement.model.Reservation;
import io.muster.placement.model.Resources;
import io.muster.placement.policy.PackingStrategy;
import io.muster.placement.policy.PlacementPolicy;
import io.muster.placement.strategy.GangPlanner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Pods no API server vetted (fuzzed labels, annotations, quantities, Spark ConfigMaps and
 * SparkApplications): classification and gang inference always answer and never throw, and every
 * gang they call known can be planned by the real placer, and its reservation, if the store would
 * write it, read back unchanged.
 *
 * <p>{@link #podsFromJson} takes a Kubernetes JSON document (a Pod or a {@code v1 List} of Pods,
 * ConfigMaps and SparkApplications; seeds are the pods and ConfigMaps Spark 4.0.1 made); {@link
 * #annotatedPod} builds a Spark-labelled pod whose gang annotations, requests and {@code
 * spark.properties} come from the fuzzer.
 */
class SparkPodFuzzTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final GangInference INFERENCE =
      new GangInference(Set.of("muster.io/reservation", "muster.io/nudge"));
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final GangPlanner PLACER = new GangPlanner();
  private static final ReservationCodec CODEC = new ReservationCodec();
  private static final Map<String, NodeState> NODES = nodes();

  private static final List<String> ANNOTATION_KEYS =
      List.of(
          GangAnnotations.EXECUTOR_COUNT,
          GangAnnotations.MIN_EXECUTORS,
          GangAnnotations.MAX_EXECUTORS,
          GangAnnotations.EXECUTOR_CPU,
          GangAnnotations.EXECUTOR_MEMORY,
          GangAnnotations.GANG_SIZE,
          GangAnnotations.PRIORITY,
          GangAnnotations.PALANTIR_DRIVER_CPU,
          GangAnnotations.PALANTIR_DRIVER_MEM,
          GangAnnotations.PALANTIR_EXECUTOR_CPU,
          GangAnnotations.PALANTIR_EXECUTOR_MEM,
          GangAnnotations.PALANTIR_EXECUTOR_COUNT,
          GangAnnotations.PALANTIR_DA_ENABLED,
          GangAnnotations.PALANTIR_DA_MIN,
          GangAnnotations.PALANTIR_DA_MAX,
          "muster.io/executor-cout",
          "muster.io/reservation",
          "spark-executor-cnt",
          "spark-executor-mems");
  private static final List<String> ANNOTATION_VALUES =
      List.of(
          "0",
          "1",
          "4",
          "-1",
          "2147483647",
          "2147483648",
          "500m",
          "2",
          "4Gi",
          "8Ei",
          "1e3",
          "9223372036854775807",
          "true",
          "false",
          "",
          " 3 ");

  @FuzzTest
  @DictionaryEntries({
    "\"spark-role\":\"driver\"",
    "\"spark-role\":\"executor\"",
    "\"spark-app-selector\":",
    "\"spark-exec-id\":",
    "\"spark-exec-resourceprofile-id\":",
    "\"muster.io/executor-count\":",
    "\"muster.io/executor-memory\":",
    "\"muster.io/gang-size\":",
    "\"requests\":{\"cpu\":",
    "\"memory\":",
    "Gi",
    "Ei",
    "spark.executor.instances=",
    "spark.executor.memory=",
    "spark.dynamicAllocation.enabled=true",
    "\"kind\":\"SparkApplication\"",
    "\"kind\":\"ConfigMap\""
  })
  void podsFromJson(byte[] input) {
    List<HasMetadata> objects = objects(new String(input, StandardCharsets.UTF_8));
    Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
    List<OperatorApplication> applications = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    for (HasMetadata o : objects) {
      switch (o) {
        case Pod p -> pods.add(p);
        case ConfigMap c when c.getMetadata() != null && c.getMetadata().getName() != null ->
            configMaps.putIfAbsent(c.getMetadata().getName(), c);
        case GenericKubernetesResource g -> applications.add(SparkApplicationReader.read(g));
        default -> {}
      }
    }
    Optional<OperatorApplication> application = applications.stream().findFirst();
    for (Pod pod : pods) {
      check(pod, name -> Optional.ofNullable(configMaps.get(name)), application);
    }
  }

  @FuzzTest
  void annotatedPod(FuzzedDataProvider data) {
    boolean driver = data.consumeBoolean();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SparkLabels.APP_SELECTOR, data.consumeBoolean() ? "spark-1" : data.consumeString(8));
    labels.put(SparkLabels.ROLE, driver ? SparkLabels.ROLE_DRIVER : SparkLabels.ROLE_EXECUTOR);
    if (!driver && data.consumeBoolean()) {
      labels.put(SparkLabels.RESOURCE_PROFILE_ID, data.consumeString(4));
    }
    if (data.consumeBoolean()) {
      labels.put(SparkLabels.SPARK_VERSION, data.pickValue(List.of("3.5.6", "4.0.1", "x")));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    for (int i = data.consumeInt(0, 8); i > 0; i--) {
      String key = data.consumeBoolean() ? data.pickValue(ANNOTATION_KEYS) : data.consumeString(30);
      String value =
          data.consumeBoolean() ? data.pickValue(ANNOTATION_VALUES) : data.consumeString(24);
      annotations.put(key, value);
    }
    Map<String, Quantity> requests = new LinkedHashMap<>();
    for (String resource : List.of("cpu", "memory", "nvidia.com/gpu")) {
      if (data.consumeBoolean()) {
        requests.put(resource, new Quantity(data.consumeString(12), ""));
      }
    }
    boolean mountsConf = driver && data.consumeBoolean();
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("spark")
            .withName("app-driver")
            .withUid("uid-1")
            .withCreationTimestamp(
                data.consumeBoolean() ? "2025-12-31T23:00:00Z" : data.consumeString(24))
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withPriority(data.consumeBoolean() ? data.consumeInt() : null)
            .addNewContainer()
            .withName("spark-kubernetes-driver")
            .withNewResources()
            .withRequests(requests)
            .endResources()
            .endContainer()
            .endSpec();
    Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
    if (mountsConf) {
      pod.editSpec()
          .addNewVolume()
          .withName(SparkLabels.DRIVER_CONF_VOLUME)
          .withNewConfigMap()
          .withName("spark-drv-conf-map")
          .endConfigMap()
          .endVolume()
          .endSpec();
      configMaps.put(
          "spark-drv-conf-map",
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("spark-drv-conf-map")
              .endMetadata()
              .addToData(SparkLabels.SPARK_PROPERTIES_KEY, data.consumeRemainingAsString())
              .build());
    }
    check(pod.build(), name -> Optional.ofNullable(configMaps.get(name)), Optional.empty());
  }

  /** Everything gang inference does with one pod, and what is done with the gangs it finds. */
  private static void check(
      Pod pod,
      Function<String, Optional<ConfigMap>> configMaps,
      Optional<OperatorApplication> application) {
    SparkPod kind = PodClassifier.classify(pod);
    switch (kind) {
      case SparkPod.Driver d -> {
        assertThat(d.gang().appId()).isNotBlank();
        checkResult(INFERENCE.infer(pod, configMaps, application, NOW));
        if (application.isPresent()) {
          checkResult(INFERENCE.infer(pod, configMaps, Optional.empty(), NOW));
        }
        assertThat(INFERENCE.inferClientMode(pod, NOW))
            .isInstanceOf(GangInference.Result.Invalid.class);
      }
      case SparkPod.Executor e -> {
        assertThat(e.resourceProfileId()).isNotNegative();
        checkResult(INFERENCE.inferClientMode(pod, NOW));
        assertThat(INFERENCE.infer(pod, configMaps, application, NOW))
            .isInstanceOf(GangInference.Result.Invalid.class);
      }
      case SparkPod.Other o -> {
        assertThat(o.reason()).isNotBlank();
        assertThat(INFERENCE.infer(pod, configMaps, application, NOW))
            .isInstanceOf(GangInference.Result.Invalid.class);
      }
    }
  }

  private static void checkResult(GangInference.Result result) {
    assertThat(result.problems()).allSatisfy(p -> assertThat(p.describe()).isNotNull());
    switch (result) {
      case GangInference.Result.Known k -> plan(k.spec());
      case GangInference.Result.Pending p -> {
        assertThat(p.awaitedConfigMaps()).isNotEmpty();
        p.fallback().ifPresent(k -> plan(k.spec()));
      }
      case GangInference.Result.Alone a -> assertThat(a.why()).isNotBlank();
      case GangInference.Result.Invalid i -> assertThat(i.problems()).isNotEmpty();
    }
  }

  /**
   * A known gang goes to the placer under every strategy; a reservation it makes survives the trip
   * through the pod annotation codec. Nothing may throw.
   */
  private static void plan(GangSpec gang) {
    for (PackingStrategy strategy : PackingStrategy.values()) {
      PlacementPolicy policy =
          new PlacementPolicy(
              strategy,
              5,
              PlacementPolicy.DEFAULT.queue(),
              PlacementPolicy.DEFAULT.driverBindTimeout(),
              PlacementPolicy.DEFAULT.slotClaimTimeout(),
              true);
      PlacementRequest request =
          new PlacementRequest(gang, List.copyOf(NODES.keySet()), policy, NOW);
      PlacementDecision decision = PLACER.place(request, new ClusterSnapshot(1, NODES, Map.of()));
      switch (decision) {
        case PlacementDecision.Placed placed -> {
          Reservation r = placed.reservation();
          assertThat(r.slots()).hasSize(gang.minExecutors());
          PersistedReservation persisted = new PersistedReservation(r, "default", "fuzz", 1);
          String json = CODEC.encode(persisted);
          // The store refuses (as a value) what would not fit in a pod's annotations.
          if (json.length() <= ReservationStore.MAX_ANNOTATION_CHARS) {
            assertThat(CODEC.decode(json)).isEqualTo(new DecodeResult.Decoded(persisted));
          }
        }
        case PlacementDecision.Unschedulable u -> assertThat(u.message()).isNotBlank();
      }
    }
  }

  /** A small cluster and one node as large as a long allows, so that huge gangs can be placed. */
  private static Map<String, NodeState> nodes() {
    Map<String, NodeState> nodes = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      String name = "node-" + i;
      nodes.put(
          name,
          new NodeState(
              name,
              Map.of("topology.kubernetes.io/zone", i == 3 ? "b" : "a"),
              List.of(),
              false,
              new Resources(8000, 32L << 30, 110, Map.of("nvidia.com/gpu", 4L)),
              Resources.ZERO));
    }
    long max = Long.MAX_VALUE;
    nodes.put(
        "node-huge",
        new NodeState(
            "node-huge",
            Map.of(),
            List.of(),
            false,
            new Resources(max, max, max, Map.of("nvidia.com/gpu", max)),
            Resources.ZERO));
    return nodes;
  }

  /** The objects of a JSON document, or none when fabric8 cannot read it (not our parser). */
  private static List<HasMetadata> objects(String json) {
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(json);
    } catch (RuntimeException unreadable) {
      return List.of();
    }
    if (parsed instanceof KubernetesList list && list.getItems() != null) {
      // fabric8 puts items it cannot type (no kind) in the list as RawExtension, whatever its
      // declared element type says.
      List<?> items = list.getItems();
      return items.stream()
          .filter(HasMetadata.class::isInstance)
          .map(HasMetadata.class::cast)
          .toList();
    }
    return parsed instanceof HasMetadata one ? List.of(one) : List.of();
  }
}
