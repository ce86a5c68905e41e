# shellcheck shell=bash
# Start/stop/status of one Botasky daemon without systemd, as the original botasky.sh and
# boird.sh did: a PID file, a stop that waits for the exit, LSB exit codes. Sourced by
# scripts/botasky.sh, scripts/boird.sh and scripts/boagent.sh; they call daemonctl_main.
#
# LSB codes. --status: 0 running, 1 dead with a PID file left, 3 not running.
# --start/--stop/--restart: 0 done (also: start when running, stop when stopped), 1 failed,
# 2 bad usage, 5 launcher missing (not built or installed), 6 configuration missing or invalid.
#
# Environment: BOTASKY_RUN_DIR (PID files and console output; default /run/botasky when
# writable, else ${XDG_RUNTIME_DIR:-/tmp}/botasky-USER), BOTASKY_START_TIMEOUT (seconds to wait
# for the daemon's "ready" log line, default 60), BOTASKY_STOP_TIMEOUT (seconds between SIGTERM
# and SIGKILL, default 15, as the systemd units' TimeoutStopSec).

dc_say() { printf '%s: %s\n' "$DC_NAME" "$*"; }
dc_err() { printf '%s: %s\n' "$DC_NAME" "$*" >&2; }

# Exists and is not a zombie.
dc_exists() { # pid
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
  [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != "Z" ]
}

# Alive and still running our main class (a recycled PID is not ours).
dc_alive() { # pid
  dc_exists "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF "$DC_MAIN"
}

dc_pid() { [ -s "$DC_PIDFILE" ] && tr -dc '0-9' <"$DC_PIDFILE"; }

# The value of KEY in a flat Option=Value file, or in [SECTION] of an INI file; comments and
# quotes removed. Empty when absent.
dc_conf_value() { # file key [section]
  awk -v key="$2" -v want="${3:-}" '
    /^[ \t]*\[/ { s=$0; gsub(/^[ \t]*\[|\][ \t]*([;#].*)?$/, "", s); sec=s; next }
    want != "" && sec != want { next }
    /^[ \t]*[;#]/ { next }
    {
      i = index($0, "="); if (i == 0) next
      k = substr($0, 1, i - 1); gsub(/^[ \t]+|[ \t]+$/, "", k)
      if (k != key) next
      v = substr($0, i + 1); sub(/[ \t]+[;#].*$/, "", v); gsub(/^[ \t]+|[ \t]+$/, "", v)
      if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2)
      print v; exit
    }' "$1" 2>/dev/null
}

dc_logfile() {
  local v
  v=$(dc_conf_value "$DC_CONF" "$DC_LOGKEY" "$DC_LOGSECTION")
  v=${v:-$DC_LOGDEFAULT}
  # shellcheck disable=SC2088 # matches a literal ~/ in the config value, expanded here
  case $v in "~/"*) v="$HOME/${v#\~/}" ;; esac
  printf '%s\n' "$v"
}

dc_start() {
  local pid; pid=$(dc_pid)
  if dc_alive "$pid"; then dc_say "already running (pid $pid)"; return 0; fi
  [ -n "$pid" ] && rm -f "$DC_PIDFILE"
  [ -x "$DC_LAUNCHER" ] || { dc_err "$DC_LAUNCHER missing or not executable (build with mvn -B -DskipTests package, or install the package)"; return 5; }
  [ -r "$DC_CONF" ] || { dc_err "configuration $DC_CONF not found or not readable"; return 6; }
  if [ -n "$DC_CHECK" ]; then
    local out rc=0
    out=$("$DC_LAUNCHER" "$DC_CONFFLAG" "$DC_CONF" $DC_CHECK 2>&1) || rc=$?
    if [ $rc -ne 0 ]; then
      printf '%s\n' "$out" >&2
      dc_err "configuration check failed (exit $rc), not started"
      [ $rc -eq 78 ] && return 6 || return 1
    fi
  fi
  local log out_file offset
  log=$(dc_logfile)
  out_file="$DC_RUNDIR/$DC_ID.out"
  offset=$(stat -c %s "$log" 2>/dev/null || echo 0)
  : >"$out_file"
  setsid "$DC_LAUNCHER" "$DC_CONFFLAG" "$DC_CONF" "${DC_ARGS[@]}" </dev/null >>"$out_file" 2>&1 &
  pid=$!
  echo "$pid" >"$DC_PIDFILE"
  local end=$((SECONDS + ${BOTASKY_START_TIMEOUT:-60}))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      local rc=0; wait "$pid" || rc=$?
      rm -f "$DC_PIDFILE"
      tail -n 20 "$out_file" >&2
      dc_err "exited during start (exit $rc); console output in $out_file, log in $log"
      [ $rc -eq 78 ] && return 6 || return 1
    fi
    # The "ready" line goes to the log file, or to the console when the file cannot be opened.
    if tail -c +$((offset + 1)) "$log" 2>/dev/null | grep -q ' ready: ' || grep -q ' ready: ' "$out_file"; then
      dc_say "started (pid $pid), log $log"
      return 0
    fi
    if [ $SECONDS -ge $end ]; then
      dc_err "running (pid $pid) but not ready after ${BOTASKY_START_TIMEOUT:-60}s; see $log and $out_file"
      return 1
    fi
    sleep 0.2
  done
}

dc_stop() {
  local pid; pid=$(dc_pid)
  if ! dc_alive "$pid"; then
    rm -f "$DC_PIDFILE"
    dc_say "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local end=$((SECONDS + ${BOTASKY_STOP_TIMEOUT:-15}))
  # Wait on the PID itself, not on its command line: an exiting process has released its
  # memory, so /proc/PID/cmdline reads empty while it still runs (closing files, flushing).
  while dc_exists "$pid"; do
    if [ $SECONDS -ge $end ]; then
      dc_err "still running ${BOTASKY_STOP_TIMEOUT:-15}s after SIGTERM, sending SIGKILL (pid $pid)"
      kill -KILL "$pid" 2>/dev/null || true
      while dc_exists "$pid"; do sleep 0.1; done
      rm -f "$DC_PIDFILE"
      return 1
    fi
    sleep 0.1
  done
  rm -f "$DC_PIDFILE"
  dc_say "stopped (pid $pid)"
  return 0
}

dc_status() {
  local pid; pid=$(dc_pid)
  if dc_alive "$pid"; then dc_say "running (pid $pid)"; return 0; fi
  if [ -n "$pid" ]; then dc_say "dead, but PID file $DC_PIDFILE remains (pid $pid)"; return 1; fi
  dc_say "not running"; return 3
}

dc_usage() {
  cat <<USAGE
Usage: $(basename "$0") --start|--stop|--restart|--status [$DC_CONFFLAG FILE] [--pidfile FILE] [DAEMON OPTIONS...]
Runs $DC_NAME ($DC_LAUNCHER) in the background with a PID file, for hosts without systemd.
  $DC_CONFFLAG FILE       configuration (default $DC_CONF_DEFAULT)
  --pidfile FILE  PID file (default \$BOTASKY_RUN_DIR/${DC_NAME}[-SELECTORS].pid)
Other options go to $DC_NAME (e.g. selectors such as --mfsmaster; each set gets its own PID file).
Exit codes (LSB): status 0 running, 1 dead with PID file, 3 not running; start/stop 0 ok,
1 failed, 2 usage, 5 not built/installed, 6 configuration missing or invalid.
USAGE
}

# daemonctl_main NAME LAUNCHER MAIN_CLASS CONF_FLAG DEFAULT_CONF CHECK_ARGS LOG_KEY LOG_SECTION LOG_DEFAULT -- ARGS...
daemonctl_main() {
  DC_NAME=$1 DC_LAUNCHER=$2 DC_MAIN=$3 DC_CONFFLAG=$4 DC_CONF_DEFAULT=$5 DC_CHECK=$6
  DC_LOGKEY=$7 DC_LOGSECTION=$8 DC_LOGDEFAULT=$9
  shift 10
  local action="" pidfile=""
  DC_CONF=$DC_CONF_DEFAULT
  DC_ARGS=()
  while [ $# -gt 0 ]; do
    case $1 in
      --start|--stop|--restart|--status)
        [ -z "$action" ] || { dc_usage >&2; return 2; }
        action=${1#--}; shift ;;
      -c|-f|--config)
        [ $# -ge 2 ] || { dc_usage >&2; return 2; }
        DC_CONF=$2; shift 2 ;;
      --pidfile)
        [ $# -ge 2 ] || { dc_usage >&2; return 2; }
        pidfile=$2; shift 2 ;;
      -h|--help) dc_usage; return 0 ;;
      *) DC_ARGS+=("$1"); shift ;;
    esac
  done
  [ -n "$action" ] || { dc_usage >&2; return 2; }
  case $DC_CONF in /*) ;; *) DC_CONF="$PWD/$DC_CONF" ;; esac
  if [ -n "${BOTASKY_RUN_DIR:-}" ]; then DC_RUNDIR=$BOTASKY_RUN_DIR
  elif [ -w /run ]; then DC_RUNDIR=/run/botasky
  else DC_RUNDIR=${XDG_RUNTIME_DIR:-/tmp}/botasky-$(id -un)
  fi
  mkdir -p "$DC_RUNDIR"
  DC_ID=$DC_NAME
  local a
  for a in "${DC_ARGS[@]}"; do
    case $a in --[a-z]*) DC_ID="$DC_ID-${a#--}" ;; esac
  done
  DC_PIDFILE=${pidfile:-$DC_RUNDIR/$DC_ID.pid}
  case $action in
    start) dc_start ;;
    stop) dc_stop ;;
    restart) dc_stop || true; dc_start ;;
    status) dc_status ;;
  esac
}
