# shellcheck shell=bash
# Shared helpers for scripts/: make sure a local service is installed and running.
# Sourced, not run. Installs Debian packages only when CI=true (or BOTASKY_INSTALL=1), as root.

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

may_install() { [ "${CI:-}" = "true" ] || [ "${BOTASKY_INSTALL:-}" = "1" ]; }

APT_UPDATED=""
apt_install() { # packages...
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! may_install; then
    log "missing Debian packages: ${missing[*]} (run with CI=true or BOTASKY_INSTALL=1 to install them)"
    return 1
  fi
  if [ -z "$APT_UPDATED" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; APT_UPDATED=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

wait_for() { # seconds description command...
  local secs=$1 what=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $end ]; then log "timed out waiting for $what"; return 1; fi
    sleep 0.2
  done
}

ensure_mariadb() {
  if mariadb -uroot -h127.0.0.1 -e 'SELECT 1' >/dev/null 2>&1; then return 0; fi
  command -v mariadbd >/dev/null 2>&1 || apt_install mariadb-server mariadb-client
  log "starting MariaDB on 127.0.0.1:3306"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  wait_for 60 "MariaDB" mariadb -uroot -h127.0.0.1 -e 'SELECT 1'
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return 0; fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  log "starting Redis on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for 30 "Redis" redis-cli -h 127.0.0.1 -p 6379 ping
}

# --- Private service instances for the probe tests (scripts/services/) -------------------------

# Where the private instances keep data, configs, logs and pid files. Not under /tmp: each
# keepalived node mounts a private /tmp over it.
svc_dir() { # name
  local d="${BOTASKY_SVC_DIR:-/var/tmp/botasky-svc}/$1"
  mkdir -p "$d"
  printf '%s\n' "$d"
}

# A zombie (killed, not yet reaped) counts as dead, and so does an unrelated process that reuses a
# stale pid: every instance is started with BOTASKY_SVC=1 in its environment (see start_bg).
pid_alive() { # pidfile
  [ -s "$1" ] || return 1
  local pid; pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 1
  { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qx 'BOTASKY_SVC=1'
}

# Starts a command detached from this shell (own session), output to a log, pid to a file.
start_bg() { # pidfile logfile command...
  local pidfile=$1 logfile=$2; shift 2
  BOTASKY_SVC=1 setsid "$@" </dev/null >>"$logfile" 2>&1 &
  echo $! >"$pidfile"
}

# Sends a signal to the process in a pid file and waits until it is gone (for TERM/KILL).
stop_pidfile() { # pidfile [signal]
  local pidfile=$1 sig=${2:-TERM}
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  local pid; pid=$(cat "$pidfile")
  kill -CONT "$pid" 2>/dev/null || true
  kill -s "$sig" "$pid" 2>/dev/null || true
  local end=$((SECONDS + 15))
  while pid_alive "$pidfile"; do
    if [ $SECONDS -ge $end ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.1
  done
  rm -f "$pidfile"
}

die() { log "ERROR: $*"; exit 1; }

listening() { ss -Htln "sport = :$1" | grep -q .; }

# A loopback port nobody listens on and no other *.port file of the service dir DIR holds
# (scripts/services keep each chosen port in DIR/NAME.port).
free_port_in() { # dir
  local p
  for _ in $(seq 1 500); do
    p=$((20000 + RANDOM % 20000))
    if ! listening "$p" && ! cat "$1"/*.port 2>/dev/null | grep -qx "$p"; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# apt_install, but the packages' maintainer scripts may not start their daemons: a default
# mfsmaster or keepalived left running in the host namespace would mask the faults the probe
# tests inject (and take the ports). Uses policy-rc.d only when the machine has none.
apt_install_no_start() { # packages...
  local added="" rc=0
  if [ ! -e /usr/sbin/policy-rc.d ] && may_install; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && added=1
  fi
  apt_install "$@" || rc=$?
  if [ -n "$added" ]; then rm -f /usr/sbin/policy-rc.d; fi
  return $rc
}

# Headless Chromium and its driver for the status-page browser tests (Debian packages).
ensure_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
  apt_install chromium chromium-driver || log "chromium not installed: browser tests fail on CI, skip elsewhere"
}
