#!/usr/bin/env bash
# The agent (boagent) without systemd: scripts/boagent.sh --start|--stop|--restart|--status [-f FILE] [--mfsmaster ...].
# Each set of selectors gets its own PID file (boagent --mfsmaster and boagent --mysql may run side by side).
# No separate config check: a bad colConfig.ini stops the agent at once with exit 78 (status 6 here).
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$ROOT/scripts/lib/daemonctl.sh"
# shellcheck disable=SC2088 # the literal ~ is the config default; daemonctl expands it
daemonctl_main boagent "$ROOT/bin/boagent" io.botasky.agent.Boagent -f /etc/botasky/colConfig.ini \
  "" log agent "~/log/pihealth.log" -- "$@"
