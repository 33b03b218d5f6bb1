package io.muster.extender.api;

/** kube-scheduler's request to bind one pod (identified by namespace, name and UID) to a node. */
public record BindRequest(String podName, String podNamespace, String podUid, String node) {}
