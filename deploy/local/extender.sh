#!/usr/bin/env bash
# Starts, stops or restarts only the Muster extender of a running deploy/local control plane, on
# the same port (the scheduler config has its URL baked in). The end-to-end tests use it to kill
# and restart the extender mid-gang.
#   extender.sh start|stop|kill|restart|status
# The command is MUSTER_EXTENDER_CMD if set, else the one up.sh last used (RUN_DIR/extender.cmd).
# `stop` sends SIGTERM (SIGKILL after STOP_TIMEOUT s); `kill` sends SIGKILL at once, like a crash.
# `status` prints "running pid <pid> port <port>" (exit 0) or "stopped" (exit 3).
set -euo pipefail

LOG_TAG=extender
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -f $PORTS_FILE && -f $RUN_DIR/muster.kubeconfig ]] || die "no control plane in $RUN_DIR: run deploy/local/up.sh first"
load_ports
[[ -n ${PORTS[EXTENDER_PORT]:-} ]] || die "no EXTENDER_PORT in $PORTS_FILE"
# Run directories from before the ops port existed: pick one now.
if [[ -z ${PORTS[EXTENDER_OPS_PORT]:-} ]]; then
  ensure_port EXTENDER_OPS_PORT extender
  save_ports
fi

start() {
  if is_running extender; then
    log "extender already running (pid $(pid_of extender))"
  else
    start_extender
  fi
}

case ${1:-} in
  start) start ;;
  stop) stop_process extender ;;
  kill) stop_process extender 0 KILL ;;
  restart)
    stop_process extender
    start
    ;;
  status)
    if is_running extender; then
      echo "running pid $(pid_of extender) port ${PORTS[EXTENDER_PORT]}"
    else
      echo "stopped"
      exit 3
    fi
    ;;
  *) die "usage: $0 start|stop|kill|restart|status" ;;
esac
# Keep EXTENDER_PID in the env file current (only if up.sh wrote one: the cluster is up).
[[ -f $ENV_FILE ]] && write_env_file
exit 0
