package io.muster.extender.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.muster.extender.spark.PodRequests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class InformerSerializationTest {
  private static final KubernetesSerialization DEFAULT = new KubernetesSerialization();
  private static final KubernetesSerialization INFORMER = InformerSerialization.create();
  private static final PodTrimmer TRIMMER =
      new PodTrimmer(p -> PodRequests.of(p.getSpec()), key -> true);

  /** Pods Spark 4.0.1 made, as the API server returned them (with managedFields). */
  private static List<Path> sparkPods() throws IOException, URISyntaxException {
    Path dir = Path.of(InformerSerializationTest.class.getResource("/cluster/decode").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static Pod read(KubernetesSerialization serialization, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return serialization.unmarshal(in, Pod.class);
    }
  }

  @Test
  void everySparkPodTrimsTheSameAsWithFullDecoding() throws Exception {
    List<Path> pods = sparkPods();
    assertThat(pods).hasSizeGreaterThanOrEqualTo(20);
    for (Path file : pods) {
      Pod full = read(DEFAULT, file);
      Pod lean = read(INFORMER, file);
      assertThat(TRIMMER.trim(lean))
          .as(file.getFileName().toString())
          .isEqualTo(TRIMMER.trim(full));
      assertThat(PodRequests.of(lean.getSpec())).isEqualTo(PodRequests.of(full.getSpec()));
    }
  }

  @Test
  void skipsTheBulkyPartsOfAPod() throws Exception {
    Pod full = read(DEFAULT, sparkPods().get(0));
    Pod lean = read(INFORMER, sparkPods().get(0));
    // The fixture has them, so the assertions below can fail.
    assertThat(full.getMetadata().getManagedFields()).isNotEmpty();
    assertThat(full.getSpec().getContainers().get(0).getEnv()).isNotEmpty();
    assertThat(full.getStatus().getConditions()).isNotEmpty();

    assertThat(lean.getMetadata().getManagedFields()).isNullOrEmpty();
    Container c = lean.getSpec().getContainers().get(0);
    assertThat(c.getEnv()).isNullOrEmpty();
    assertThat(c.getVolumeMounts()).isNullOrEmpty();
    assertThat(lean.getStatus().getConditions()).isNullOrEmpty();
    // Skipped properties do not land in additionalProperties either.
    assertThat(lean.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
    assertThat(c.getAdditionalProperties()).doesNotContainKey("env");
    // What Muster reads is still there.
    assertThat(c.getResources().getRequests())
        .isEqualTo(full.getSpec().getContainers().get(0).getResources().getRequests());
    assertThat(lean.getStatus().getPhase()).isEqualTo(full.getStatus().getPhase());
  }

  @Test
  void watchEventsDecodeIntoLeanPods() throws Exception {
    Path file = sparkPods().get(0);
    String pod = Files.readString(file);
    String event = "{\"type\":\"MODIFIED\",\"object\":" + pod + "}";
    WatchEvent decoded = INFORMER.unmarshal(event, WatchEvent.class);
    assertThat(decoded.getObject()).isInstanceOf(Pod.class);
    Pod lean = (Pod) decoded.getObject();
    assertThat(lean.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(TRIMMER.trim(lean)).isEqualTo(TRIMMER.trim(read(DEFAULT, file)));
  }

  @Test
  void nodesKeepLabelsTaintsCordonAndAllocatable() {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("n1")
            .withLabels(Map.of("topology.kubernetes.io/zone", "a"))
            .addNewManagedField()
            .withManager("kubelet")
            .endManagedField()
            .endMetadata()
            .withNewSpec()
            .withUnschedulable(true)
            .addNewTaint()
            .withKey("dedicated")
            .withValue("spark")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec()
            .withNewStatus()
            .withAllocatable(Map.of("cpu", new Quantity("7910m"), "memory", new Quantity("31Gi")))
            .withCapacity(Map.of("cpu", new Quantity("8"), "pods", new Quantity("110")))
            .addNewImage()
            .withNames("registry/spark:4.0.1")
            .withSizeBytes(1_000_000_000L)
            .endImage()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .withNewNodeInfo()
            .withKubeletVersion("v1.26.1")
            .endNodeInfo()
            .endStatus()
            .build();
    String json = DEFAULT.asJson(node);
    Node lean = INFORMER.unmarshal(json, Node.class);

    assertThat(NodeTranslator.translate(lean)).isEqualTo(NodeTranslator.translate(node));
    assertThat(lean.getStatus().getImages()).isNullOrEmpty();
    assertThat(lean.getStatus().getConditions()).isNullOrEmpty();
    assertThat(lean.getStatus().getCapacity()).isEqualTo(node.getStatus().getCapacity());
  }

  @Test
  void configMapsKeepTheirData() {
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace("spark")
            .withName("spark-drv-conf-map")
            .withUid("u1")
            .withResourceVersion("7")
            .endMetadata()
            .withData(Map.of("spark.properties", "spark.executor.instances=4"))
            .build();
    ConfigMap lean = INFORMER.unmarshal(DEFAULT.asJson(cm), ConfigMap.class);
    assertThat(lean.getData()).isEqualTo(cm.getData());
    assertThat(lean.getMetadata()).isEqualTo(cm.getMetadata());
  }

  @Test
  void sparkApplicationsKeepTheirSpec() {
    String app =
        """
        {"apiVersion":"sparkoperator.k8s.io/v1beta2","kind":"SparkApplication",
         "metadata":{"namespace":"spark","name":"pi","uid":"u1","resourceVersion":"3",
                     "managedFields":[{"manager":"kubectl"}]},
         "spec":{"executor":{"instances":4,"cores":2,"memory":"4g"}}}
        """;
    GenericKubernetesResource lean = INFORMER.unmarshal(app, GenericKubernetesResource.class);
    GenericKubernetesResource full = DEFAULT.unmarshal(app, GenericKubernetesResource.class);
    assertThat(lean.getAdditionalProperties()).isEqualTo(full.getAdditionalProperties());
    assertThat(SparkAppRecord.of(lean)).isEqualTo(SparkAppRecord.of(full));
  }

  @Test
  void writersSerializationStillSendsEverything() throws Exception {
    // The mix-ins live on the informer client's own mapper: the writers' client (fabric8's
    // default serialization) decodes and sends managedFields, env and conditions as before.
    Pod full = read(new KubernetesSerialization(), sparkPods().get(0));
    String sent = new KubernetesSerialization().asJson(full);
    assertThat(sent).contains("\"managedFields\"", "\"env\"", "\"conditions\"");
  }

  /** Through fabric8's own path (tree first) with the same skipping mix-ins: the reference. */
  private static final KubernetesSerialization TREE_PATH = InformerSerialization.createTreePath();

  @Test
  void everyWatchedPodDecodesAsThroughFabric8sTreePath() throws Exception {
    for (Path file : sparkPods()) {
      String event = "{\"type\":\"ADDED\",\"object\":" + Files.readString(file) + "}";
      WatchEvent direct = INFORMER.unmarshal(event, WatchEvent.class);
      WatchEvent tree = TREE_PATH.unmarshal(event, WatchEvent.class);
      assertThat(direct.getObject()).as(file.getFileName().toString()).isInstanceOf(Pod.class);
      assertThat(direct).as(file.getFileName().toString()).isEqualTo(tree);
    }
  }

  @Test
  void watchedObjectsDecodeWhateverTheirFieldOrder() {
    String[] objects = {
      // kind and apiVersion first, as the API server writes them
      "{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"n1\"},"
          + "\"spec\":{\"unschedulable\":true}}",
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},"
          + "\"data\":{\"k\":\"v\"}}",
      // kind after other fields, or only one of the two first
      "{\"metadata\":{\"name\":\"p\"},\"kind\":\"Pod\",\"apiVersion\":\"v1\"}",
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"apiVersion\":\"v1\","
          + "\"spec\":{\"nodeName\":\"n1\"}}",
      // another kind, another group, an ERROR event's Status
      "{\"apiVersion\":\"sparkoperator.k8s.io/v1beta2\",\"kind\":\"SparkApplication\","
          + "\"metadata\":{\"name\":\"pi\"},\"spec\":{\"executor\":{\"instances\":4}}}",
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"reason\":\"Expired\",\"code\":410}",
      // both leading fields and nothing else; the object ends before both were seen
      "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}",
      "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}",
      "{\"apiVersion\":\"v1\"}",
    };
    for (String object : objects) {
      String event = "{\"type\":\"MODIFIED\",\"object\":" + object + ",\"extra\":1}";
      WatchEvent direct = INFORMER.unmarshal(event, WatchEvent.class);
      WatchEvent tree = TREE_PATH.unmarshal(event, WatchEvent.class);
      assertThat(direct).as(object).isEqualTo(tree);
      assertThat(direct.getType()).isEqualTo("MODIFIED");
      assertThat(direct.getObject()).as(object).isNotNull();
    }
  }

  @Test
  void theModelClassesDeserializersAreLookedUpOncePerMapperNotPerEvent() throws Exception {
    // A root lookup asks the annotation introspector for the class's type resolver each time;
    // counting those asks for Pod shows whether each event repeats the lookup.
    AtomicInteger podLookups = new AtomicInteger();
    ObjectMapper mapper = new ObjectMapper();
    mapper.setAnnotationIntrospector(
        new JacksonAnnotationIntrospector() {
          @Override
          public TypeResolverBuilder<?> findTypeResolver(
              MapperConfig<?> config, AnnotatedClass ac, JavaType baseType) {
            if (ac.getRawType() == Pod.class) {
              podLookups.incrementAndGet();
            }
            return super.findTypeResolver(config, ac, baseType);
          }
        });
    KubernetesSerialization informer = InformerSerialization.create(mapper);
    String event = "{\"type\":\"ADDED\",\"object\":" + Files.readString(sparkPods().get(0)) + "}";
    assertThat(informer.unmarshal(event, WatchEvent.class).getObject()).isInstanceOf(Pod.class);
    int afterFirst = podLookups.get();
    for (int i = 0; i < 5; i++) {
      assertThat(informer.unmarshal(event, WatchEvent.class).getObject()).isInstanceOf(Pod.class);
    }
    assertThat(podLookups.get()).isEqualTo(afterFirst);
  }
}
