package io.muster.extender.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The JSON decoding of the client that feeds {@link ClusterCache}'s informers: it skips, without
 * building model objects for them, the parts of nodes, pods and ConfigMaps that no reader of an
 * informer object ({@link PodTrimmer}, the pod requests function, {@link NodeTranslator}, {@link
 * ConfigMapApplier}, {@link SparkAppRecord}) looks at. Decoding watch events was the largest part
 * of Muster's CPU under load, and most of a pod's bytes are managedFields, container env, probes,
 * the service-account projected volume and container statuses.
 *
 * <p>Read-only: Jackson also leaves ignored properties out when writing, so a client with this
 * serialization must never send objects back (a read-modify-write would drop them). Writers use
 * their own client with fabric8's default serialization.
 */
public final class InformerSerialization {
  private InformerSerialization() {}

  /** A fresh serialization; the mix-ins are on its own mapper only. */
  public static KubernetesSerialization create() {
    return create(new ObjectMapper());
  }

  /** The same on a mapper the caller made (tests use it to observe the mapper's lookups). */
  static KubernetesSerialization create(ObjectMapper mapper) {
    skipping(mapper);
    mapper.addMixIn(WatchEvent.class, TypedWatchEvent.class);
    return new KubernetesSerialization(mapper, true);
  }

  /** The same skipping, with fabric8's own decoding of watch events: for comparisons in tests. */
  static KubernetesSerialization createTreePath() {
    return new KubernetesSerialization(skipping(new ObjectMapper()), true);
  }

  private static ObjectMapper skipping(ObjectMapper mapper) {
    mapper.addMixIn(ObjectMeta.class, SkipMeta.class);
    mapper.addMixIn(PodSpec.class, SkipPodSpec.class);
    mapper.addMixIn(Container.class, SkipContainer.class);
    mapper.addMixIn(Volume.class, SkipVolume.class);
    mapper.addMixIn(PodStatus.class, SkipPodStatus.class);
    mapper.addMixIn(NodeStatus.class, SkipNodeStatus.class);
    mapper.addMixIn(ConfigMap.class, SkipConfigMap.class);
    return mapper;
  }

  /** A watch event's object goes straight into its model class: see {@link WatchObjectDecoder}. */
  private abstract static class TypedWatchEvent {
    // Both: fabric8 annotates the field and its setter, and the setter's annotation wins.
    @JsonProperty("object")
    @JsonDeserialize(using = WatchObjectDecoder.class)
    private Object object;

    @JsonProperty("object")
    @JsonDeserialize(using = WatchObjectDecoder.class)
    abstract void setObject(Object object);
  }

  // Every skipping mix-in keeps ignoreUnknown = true: it replaces the model class's own
  // @JsonIgnoreProperties.

  /** The server's field ownership bookkeeping; often the largest part of an object. */
  @JsonIgnoreProperties(
      value = {"managedFields"},
      ignoreUnknown = true)
  private abstract static class SkipMeta {}

  /**
   * Kept: containers, initContainers, overhead, resources, nodeName, schedulerName, priority,
   * volumes.
   */
  @JsonIgnoreProperties(
      value = {
        "affinity",
        "tolerations",
        "topologySpreadConstraints",
        "securityContext",
        "dnsConfig",
        "hostAliases",
        "imagePullSecrets",
        "readinessGates",
        "ephemeralContainers",
        "resourceClaims",
        "schedulingGates"
      },
      ignoreUnknown = true)
  private abstract static class SkipPodSpec {}

  /** Kept: name, resources, restartPolicy (sidecar init containers) and the small strings. */
  @JsonIgnoreProperties(
      value = {
        "env",
        "envFrom",
        "command",
        "args",
        "ports",
        "volumeMounts",
        "volumeDevices",
        "livenessProbe",
        "readinessProbe",
        "startupProbe",
        "lifecycle",
        "securityContext",
        "resizePolicy"
      },
      ignoreUnknown = true)
  private abstract static class SkipContainer {}

  /** Kept: name and configMap (Spark's conf and pod template volumes). */
  @JsonIgnoreProperties(
      value = {
        "projected",
        "secret",
        "emptyDir",
        "hostPath",
        "downwardAPI",
        "persistentVolumeClaim",
        "csi",
        "ephemeral"
      },
      ignoreUnknown = true)
  private abstract static class SkipVolume {}

  /** Kept: phase. */
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
      ignoreUnknown = true)
  private abstract static class SkipPodStatus {}

  /** Kept: allocatable and capacity. */
  @JsonIgnoreProperties(
      value = {
        "images",
        "conditions",
        "nodeInfo",
        "addresses",
        "daemonEndpoints",
        "volumesAttached",
        "volumesInUse",
        "config",
        "features",
        "runtimeHandlers"
      },
      ignoreUnknown = true)
  private abstract static class SkipNodeStatus {}

  /** Kept: data (the selection trims it further). */
  @JsonIgnoreProperties(
      value = {"binaryData"},
      ignoreUnknown = true)
  private abstract static class SkipConfigMap {}
}
