/**
 * The cluster view and Muster's few API calls, at the Kubernetes edge.
 *
 * <p>Read side: {@link io.muster.extender.cluster.ClusterCache} runs fabric8 informers on nodes,
 * pods and ConfigMaps (and SparkApplications when the CRD exists) whose item stores trim every
 * object into a {@link io.muster.extender.cluster.ClusterIndex} as it arrives; no full fabric8
 * object is retained (about 1 KiB per pod instead of about 28 KiB). Reads never call the API.
 *
 * <p>Write side: {@link io.muster.extender.cluster.ClusterWriter} sends the few calls Muster makes
 * asynchronously; {@link io.muster.extender.cluster.PodNudger}, {@link
 * io.muster.extender.cluster.EventRecorder} and {@link io.muster.extender.cluster.Binder} return at
 * once (or return a stage) and never throw. Reservation persistence is in {@code
 * io.muster.extender.persist}.
 */
package io.muster.extender.cluster;
