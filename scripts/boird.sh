#!/usr/bin/env bash
# The notifier (boird) without systemd: scripts/boird.sh --start|--stop|--restart|--status [-c FILE] [--mfsmaster ...].
# Each set of selectors gets its own PID file, so several notifiers (one per team) can run.
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$ROOT/scripts/lib/daemonctl.sh"
daemonctl_main boird "$ROOT/bin/boird" io.botasky.notifier.Boird -c /etc/pihealthd.conf \
  --check-config notifier_log "" /var/log/boird.log -- "$@"
