#!/usr/bin/env bash
# Runs every test: makes sure the services the tests talk to are installed and running, then
# `mvn -B verify`. On CI (CI=true) missing Debian packages are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

ensure_mariadb
ensure_redis
ensure_browser
# dist/ tests: the .deb in a throwaway root, `systemd-analyze verify` of the units, the demo.
command -v systemd-analyze >/dev/null 2>&1 || apt_install systemd || log "no systemd-analyze: the package test will be skipped"
command -v curl >/dev/null 2>&1 || apt_install curl || log "no curl: the demo test will be skipped"
# dist/src/test/sh/polkit.sh: the real polkitd judging botasky-allow-units' rule, on a private
# system bus of its own (no systemd needed; it starts and stops its own dbus-daemon and polkitd).
apt_install polkitd dbus-daemon dbus-bin || log "no polkitd or dbus: the polkit test will be skipped"
# The package on a booted Debian (dist ScriptsIT, booted-systemd.sh): systemd-nspawn and a bookworm
# root file system built once by debootstrap (~3 min, ~500 MB) and cached under ~/.cache/botasky
# (rebuilt when scripts/services/nspawn.sh's recipe changes).
if apt_install systemd-container debootstrap jq; then
  scripts/services/nspawn.sh rootfs >/dev/null || log "no nspawn root file system: the booted-systemd test fails on CI"
else
  log "no systemd-nspawn, debootstrap or jq: the booted-systemd test will be skipped"
fi
# The open checks' tests run real Monitoring Plugins ([command:*]: check_dummy, check_tcp, check_disk,
# check_procs) and rotate files with logrotate itself ([logfile:*]); nginx, ping, socat and the
# namespaces come with scripts/services (nginx.sh, netns.sh).
apt_install monitoring-plugins-basic logrotate || log "no monitoring-plugins-basic or logrotate: the command and logfile ITs fail on CI, skip elsewhere"
# promtool (Debian ships it only in the prometheus package) checks /metrics in MetricsLintIT. The
# package also enables a Prometheus server, which the tests do not want: it is stopped and disabled.
if ! command -v promtool >/dev/null 2>&1; then
  if apt_install prometheus; then
    systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  else
    log "no promtool: the /metrics lint test will be skipped"
  fi
fi

bash scripts/lint.sh || { log "FAILED: scripts/lint.sh"; exit 1; }

scripts/services/start-all.sh || { log "FAILED: scripts/services/start-all.sh (probe test services)"; exit 1; }

log "mvn -B verify"
exec mvn -B verify "$@"
