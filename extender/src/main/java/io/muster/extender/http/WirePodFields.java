package io.muster.extender.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;

/**
 * What the wire mapper reads of the pods kube-scheduler sends: it skips, without building model
 * objects for them, the parts of a pod that no verb looks at. In a Spark executor's filter request
 * about four fifths of the pod's bytes are {@code managedFields} and container {@code env}, and
 * decoding the pod was most of the request's Jackson time.
 *
 * <p>Kept: everything the verbs read (labels, annotations, owner references, uid, timestamps;
 * containers' and init containers' names, resources, restart policy and volume mounts; volumes;
 * overhead, priority, node selector, affinity, tolerations, topology spread; status phase). The
 * skipped properties are ignored when read only ({@code allowGetters}): a fabric8 object the wire
 * writes back (the nodes a non-node-cache filter answer echoes) keeps every field it has. Skipped
 * parts are no longer type-checked: a malformed {@code env} of a pod kube-scheduler sends is not a
 * reason to refuse scheduling it, since Muster never reads it.
 */
final class WirePodFields {
  private WirePodFields() {}

  static ObjectMapper skipUnread(ObjectMapper mapper) {
    mapper.addMixIn(ObjectMeta.class, SkipMeta.class);
    mapper.addMixIn(PodSpec.class, SkipPodSpec.class);
    mapper.addMixIn(Container.class, SkipContainer.class);
    mapper.addMixIn(PodStatus.class, SkipPodStatus.class);
    return mapper;
  }

  // Every mix-in keeps ignoreUnknown = true: it replaces the model class's own
  // @JsonIgnoreProperties.

  @JsonIgnoreProperties(
      value = {"managedFields"},
      allowGetters = true,
      ignoreUnknown = true)
  private abstract static class SkipMeta {}

  @JsonIgnoreProperties(
      value = {
        "securityContext",
        "dnsConfig",
        "hostAliases",
        "imagePullSecrets",
        "readinessGates",
        "ephemeralContainers"
      },
      allowGetters = true,
      ignoreUnknown = true)
  private abstract static class SkipPodSpec {}

  @JsonIgnoreProperties(
      value = {
        "env",
        "envFrom",
        "command",
        "args",
        "ports",
        "livenessProbe",
        "readinessProbe",
        "startupProbe",
        "lifecycle",
        "securityContext",
        "resizePolicy"
      },
      allowGetters = true,
      ignoreUnknown = true)
  private abstract static class SkipContainer {}

  @JsonIgnoreProperties(
      value = {
        "conditions",
        "containerStatuses",
        "initContainerStatuses",
        "ephemeralContainerStatuses",
        "podIPs",
        "hostIPs",
        "resourceClaimStatuses"
      },
      allowGetters = true,
      ignoreUnknown = true)
  private abstract static class SkipPodStatus {}
}
