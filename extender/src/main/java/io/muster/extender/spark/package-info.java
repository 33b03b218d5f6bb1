/**
 * Spark knowledge at the edge: turns Kubernetes objects (fabric8 {@code Pod}, {@code ConfigMap}, a
 * generic {@code SparkApplication}) into Muster's pure gang description {@link
 * io.muster.placement.model.GangSpec}. Nothing here does I/O, reads a clock or keeps state; every
 * entry point is thread-safe.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>{@link io.muster.extender.spark.PodClassifier#classify} → {@link
 *       io.muster.extender.spark.SparkPod} {@code Driver | Executor | Other(reason)}.
 *   <li>{@link io.muster.extender.spark.GangInference#infer} (driver) and {@link
 *       io.muster.extender.spark.GangInference#inferClientMode} (driverless executors) → {@code
 *       Known | Pending | Alone | Invalid}, each with {@link io.muster.extender.spark.Problem}s
 *       worth an event.
 *   <li>{@link io.muster.extender.spark.PodRequests#of} and {@link
 *       io.muster.extender.spark.ExecutorConstraints#of}: any pod's requests and placement
 *       constraints as kube-scheduler sees them; {@link io.muster.extender.spark.ResourceName} says
 *       which resource names are modelled (use it for node allocatable too).
 *   <li>{@link io.muster.extender.spark.SparkExecutorSizing}: Spark 3.3–4.x's pod sizing rules.
 *   <li>{@link io.muster.extender.spark.SparkApplicationReader}: Spark Operator applications.
 *   <li>{@link io.muster.extender.spark.SecretRedaction}: mask Spark properties before showing
 *       them.
 * </ul>
 *
 * <h2>Decisions</h2>
 *
 * <ul>
 *   <li>The driver's demand is the driver pod's own requests; executors' demand is modelled as the
 *       pod Spark will build (template + Spark's sizes) and accounted by the same {@link
 *       io.muster.extender.spark.PodRequests} as real pods, so template sidecars, init containers
 *       and extended resources count exactly as kube-scheduler counts them.
 *   <li>{@code ephemeral-storage} is not modelled ({@code Resources} has no such dimension):
 *       kube-scheduler still checks it on the nodes it offers, but reservations do not hold it.
 *   <li>Dynamic allocation: the gang's minimum is Spark's initial target {@code max(minExecutors,
 *       initialExecutors, spark.executor.instances)}, its maximum {@code
 *       spark.dynamicAllocation.maxExecutors} (default {@code Integer.MAX_VALUE}).
 *   <li>Complete driver annotations (count + executor CPU + memory) are used without waiting for
 *       Spark's ConfigMap; executor constraints then come from the ConfigMap only if it is already
 *       cached, otherwise a {@code EXECUTOR_CONSTRAINTS_UNKNOWN} problem says so.
 *   <li>An unusable annotation value or Spark setting makes the gang {@code Invalid} (never a
 *       silent default); an unknown {@code muster.io/} key is a warning with a suggestion.
 * </ul>
 */
package io.muster.extender.spark;
