package io.muster.extender.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.muster.extender.http.wire.ExtenderArgs;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire mapper skips the parts of a pod no verb reads: for every recorded request (real
 * kube-scheduler, pods made by Spark itself) it must decode exactly what the full decoding gives
 * with those parts left at their defaults, and nothing else.
 */
class WirePodFieldsTest {

  static Stream<RecordedCall> podCalls() {
    return Stream.concat(RecordedCall.all().stream(), RecordedCall.spark().stream())
        .filter(c -> c.request().hasNonNull("Pod"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("podCalls")
  void theSkippingDecodeIsTheFullDecodeWithoutTheUnreadParts(RecordedCall call) throws Exception {
    Pod skipped = decodeSkipping(call.request());
    Pod full = decodeEverything(call.request());

    assertThat(skipped).isEqualTo(withoutUnreadParts(decodeEverything(call.request())));
    assertThat(skipped.getMetadata().getManagedFields()).isEmpty();
    assertThat(skipped.getSpec().getContainers()).allSatisfy(c -> assertThat(c.getEnv()).isEmpty());
    // What the verbs read is all there.
    assertThat(skipped.getMetadata().getLabels()).isEqualTo(full.getMetadata().getLabels());
    assertThat(skipped.getSpec().getContainers())
        .extracting(Container::getResources)
        .isEqualTo(full.getSpec().getContainers().stream().map(Container::getResources).toList());
  }

  @Test
  void theRecordedPodsCarryWhatIsSkipped() throws Exception {
    // Otherwise the comparison above would prove nothing.
    List<Pod> pods =
        podCalls()
            .map(c -> c.request())
            .map(
                r -> {
                  try {
                    return decodeEverything(r);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();

    assertThat(pods).anySatisfy(p -> assertThat(p.getMetadata().getManagedFields()).isNotEmpty());
    assertThat(pods)
        .anySatisfy(
            p ->
                assertThat(p.getSpec().getContainers())
                    .anySatisfy(c -> assertThat(c.getEnv()).isNotEmpty()));
  }

  @Test
  void anUnreadPartOfTheWrongTypeIsNoLongerARefusal() throws Exception {
    String body =
        "{\"Pod\":{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"managedFields\":7},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"env\":\"x\"}]}},\"NodeNames\":[\"a\"]}";

    ExtenderArgs args = WireCodec.decode(Buffer.buffer(body), ExtenderArgs.class);

    assertThat(args.pod().getSpec().getContainers().get(0).getName()).isEqualTo("c");
  }

  @Test
  void objectsWrittenBackKeepTheSkippedProperties() {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("n1")
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubelet")
                    .withOperation("Update")
                    .build())
            .endMetadata()
            .build();

    String json = WireCodec.encode(node).toString();

    assertThat(json).contains("\"managedFields\"").contains("kubelet");
  }

  private static Pod decodeSkipping(JsonNode request) throws Exception {
    return WireCodec.decode(Buffer.buffer(request.toString()), ExtenderArgs.class).pod();
  }

  private static Pod decodeEverything(JsonNode request) throws Exception {
    return WireCodec.readingEverything().readValue(request.toString(), ExtenderArgs.class).pod();
  }

  /** {@code pod} with every part {@link WirePodFields} skips set to a fresh model's default. */
  private static Pod withoutUnreadParts(Pod pod) {
    ObjectMeta freshMeta = new ObjectMeta();
    if (pod.getMetadata() != null) {
      pod.getMetadata().setManagedFields(freshMeta.getManagedFields());
    }
    PodSpec spec = pod.getSpec();
    if (spec != null) {
      PodSpec fresh = new PodSpec();
      spec.setSecurityContext(fresh.getSecurityContext());
      spec.setDnsConfig(fresh.getDnsConfig());
      spec.setHostAliases(fresh.getHostAliases());
      spec.setImagePullSecrets(fresh.getImagePullSecrets());
      spec.setReadinessGates(fresh.getReadinessGates());
      spec.setEphemeralContainers(fresh.getEphemeralContainers());
      Stream.concat(spec.getContainers().stream(), spec.getInitContainers().stream())
          .forEach(WirePodFieldsTest::withoutUnreadParts);
    }
    PodStatus status = pod.getStatus();
    if (status != null) {
      PodStatus fresh = new PodStatus();
      status.setConditions(fresh.getConditions());
      status.setContainerStatuses(fresh.getContainerStatuses());
      status.setInitContainerStatuses(fresh.getInitContainerStatuses());
      status.setEphemeralContainerStatuses(fresh.getEphemeralContainerStatuses());
      status.setPodIPs(fresh.getPodIPs());
      status.setHostIPs(fresh.getHostIPs());
      status.setResourceClaimStatuses(fresh.getResourceClaimStatuses());
    }
    return pod;
  }

  private static void withoutUnreadParts(Container c) {
    Container fresh = new Container();
    c.setEnv(fresh.getEnv());
    c.setEnvFrom(fresh.getEnvFrom());
    c.setCommand(fresh.getCommand());
    c.setArgs(fresh.getArgs());
    c.setPorts(fresh.getPorts());
    c.setLivenessProbe(fresh.getLivenessProbe());
    c.setReadinessProbe(fresh.getReadinessProbe());
    c.setStartupProbe(fresh.getStartupProbe());
    c.setLifecycle(fresh.getLifecycle());
    c.setSecurityContext(fresh.getSecurityContext());
    c.setResizePolicy(fresh.getResizePolicy());
  }
}
