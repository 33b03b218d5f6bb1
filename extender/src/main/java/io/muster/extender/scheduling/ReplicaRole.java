package io.muster.extender.scheduling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this replica is the one kube-scheduler talks to, judged from evidence Muster has without
 * reading the lease (its RBAC grants no access to kube-scheduler's lease, and the holder identity
 * names kube-scheduler, not Muster): only the leading kube-scheduler calls its extender, and only
 * the serving replica writes reservations.
 *
 * <ul>
 *   <li>STANDBY at start: no call yet. The ledger follows the persisted reservations, and nothing
 *       is written on its own initiative (expiry, dropped slots, nudges), so that a standby never
 *       competes with the leader's writes.
 *   <li>A verb call makes it SERVING; the call that does is a takeover, before which the ledger is
 *       rebuilt from the cluster.
 *   <li>Seeing another replica's write of a reservation (followed, or a write refused because of
 *       it) makes it STANDBY again: someone else wrote after our last call, so someone else leads.
 *       The next call is a takeover again.
 * </ul>
 *
 * <p>Loop-confined writes; {@link #serving()} may be read from any thread.
 */
final class ReplicaRole {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaRole.class);

  private volatile boolean serving;

  /** A verb call arrived; true when it takes over (the replica was standing by). */
  boolean called() {
    if (serving) {
      return false;
    }
    serving = true;
    LOG.info("serving: kube-scheduler calls this replica; taking over the reservations");
    return true;
  }

  /** Another replica wrote a reservation after our last call. */
  void otherWriterSeen(String writer) {
    if (serving) {
      serving = false;
      LOG.info("standing by: replica {} writes reservations now", writer);
    }
  }

  boolean serving() {
    return serving;
  }
}
