package io.muster.extender.spark;

/**
 * How Muster accounts a Kubernetes resource name. CPU and memory map to {@code Resources} fields;
 * extended resources ({@code vendor.com/thing}, e.g. {@code nvidia.com/gpu}) and huge pages ({@code
 * hugepages-2Mi}) go into {@code Resources.extended} under their own name, in whole units (devices,
 * bytes). Everything else is not modelled: {@code ephemeral-storage} (kube-scheduler still checks
 * it on every offered node itself), {@code pods} (a pod always counts one), and names in the {@code
 * kubernetes.io/} namespace. Node translation must use the same rule for allocatable so that an
 * extended request can fit.
 */
public enum ResourceName {
  CPU,
  MEMORY,
  EXTENDED,
  IGNORED;

  /** Classifies a resource name from a pod spec or a node's allocatable. */
  public static ResourceName of(String name) {
    if (name == null || name.isEmpty()) {
      return IGNORED;
    }
    if (name.equals("cpu")) {
      return CPU;
    }
    if (name.equals("memory")) {
      return MEMORY;
    }
    if (name.startsWith("hugepages-")) {
      return EXTENDED;
    }
    // Kubernetes' IsExtendedResourceName: qualified, outside kubernetes.io, not a quota name.
    if (name.contains("/") && !name.contains("kubernetes.io/") && !name.startsWith("requests.")) {
      return EXTENDED;
    }
    return IGNORED;
  }
}
