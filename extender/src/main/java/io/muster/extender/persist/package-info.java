/**
 * Reservations that survive restarts and failover: the annotation {@code muster.io/reservation} on
 * a gang's anchor pod (its driver; in client mode, the executor that triggered admission).
 *
 * <p>{@link io.muster.extender.persist.ReservationCodec} maps reservations to versioned JSON and
 * rejects anything else as a value; {@link io.muster.extender.persist.ReservationStore} writes with
 * optimistic concurrency (resourceVersion precondition, then a content check on 409); {@link
 * io.muster.extender.persist.ReservationUpdater} coalesces later best-effort rewrites; {@link
 * io.muster.extender.persist.ReservationRecovery} rebuilds reservations and claims from a synced
 * cluster view on start.
 *
 * <p>Why an annotation on the driver and not a CRD: it needs no CRD installed, it is garbage
 * collected with the driver (a finished application leaves nothing behind), the write is one patch
 * of an object Muster already watches, and its resourceVersion gives optimistic concurrency for
 * free. Its limit is size: Kubernetes caps a pod's annotations at 256 KiB together, which holds a
 * gang of a few thousand executors ({@link io.muster.extender.persist.ReservationStore} refuses
 * larger ones as a value). A client-mode gang has no driver; anchoring on the executor that
 * triggered admission means the anchor may be deleted while the gang lives: recovery keeps such a
 * gang while any of its pods lives, and the coordinator should re-anchor (write to another live
 * executor) when the anchor goes.
 */
package io.muster.extender.persist;
