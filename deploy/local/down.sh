#!/usr/bin/env bash
# Stops what up.sh started, by PID file: SIGTERM to each component's process group, SIGKILL after
# STOP_TIMEOUT seconds (default 15). Keeps RUN_DIR (certs, etcd data, tokens, logs), so the next
# up.sh comes back with the same cluster state. --purge also deletes RUN_DIR.
set -euo pipefail

LOG_TAG=down
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

purge=0
for arg in "$@"; do
  case $arg in
    --purge) purge=1 ;;
    -h | --help)
      echo "usage: $0 [--purge]"
      exit 0
      ;;
    *) die "unknown argument: $arg (usage: $0 [--purge])" ;;
  esac
done

# Reverse start order: clients before the API server, the API server before etcd.
for name in kube-scheduler extender kube-apiserver etcd; do
  stop_process "$name"
done
rm -f "$ENV_FILE"
log "stopped"

if ((purge)); then
  if [[ -d $RUN_DIR ]]; then
    # Never rm -rf a directory up.sh did not create (RUN_DIR is user-settable).
    [[ -f $RUN_MARKER ]] || die "$RUN_DIR has no $(basename "$RUN_MARKER") marker; not deleting it"
    rm -rf "$RUN_DIR"
    log "purged $RUN_DIR"
  fi
fi
