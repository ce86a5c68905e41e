#!/usr/bin/env bash
# The collector (pihealthd) without systemd: scripts/botasky.sh --start|--stop|--restart|--status [-c FILE].
# As in the original Botasky (cd /Botasky/botasky && ./botasky.sh --start). See --help.
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$ROOT/scripts/lib/daemonctl.sh"
daemonctl_main pihealthd "$ROOT/bin/pihealthd" io.botasky.collector.Pihealthd -c /etc/pihealthd.conf \
  --check-config PIHealthLog "" /var/log/pihealthd.log -- "$@"
