#!/usr/bin/env bash
# A private nginx (Debian nginx-light) for the [http] probe tests, run as its own process with its
# own prefix, config, logs and certificates under the svc dir (never the system service). Serves on
# 127.0.0.1, ports chosen free at the first start and kept in $DIR/NAME.port:
#   http.port         /ok.txt (200, "botasky nginx ok"), /error (500), /redirect (302 to /ok.txt),
#                     /slow/big.txt (48 KiB at 16 KiB/s, about 3 s), /e2e/health.txt (a test deletes it)
#   https_good.port   certificate of the test CA ($DIR/tls/ca.pem) for localhost and 127.0.0.1
#   https_self.port   self-signed certificate for localhost
#   https_soon.port   test-CA certificate for localhost expiring within 2 days (renewed when less
#                     than 36 h are left, so it always has 1.5 to 2 days)
#   https_wrong.port  test-CA certificate for wrong.example only
# Idempotent: `start` also restores the files and renews the short certificate.
#   nginx.sh start | stop | status
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"

DIR=$(svc_dir nginx)
PIDFILE=$DIR/svc.pid
NAMES=(http https_good https_self https_soon https_wrong)


# pid_alive of services.sh looks for BOTASKY_SVC=1 in the environment, which nginx overwrites with
# its process title: recognise our master by that title (it names this prefix) instead.
alive() {
  [ -s "$PIDFILE" ] || return 1
  local pid; pid=$(cat "$PIDFILE")
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "nginx -p $DIR "
}

stop() {
  alive || { rm -f "$PIDFILE"; return 0; }
  local pid; pid=$(cat "$PIDFILE") end=$((SECONDS + 15))
  kill -TERM "$pid" 2>/dev/null || true
  while alive; do
    if [ $SECONDS -ge $end ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.1
  done
  rm -f "$PIDFILE"
}

# The port kept for NAME; a new one when there is none or (nginx being down) it was taken since.
port_of() {
  local f="$DIR/$1.port"
  if [ ! -s "$f" ] || { ! alive && listening "$(cat "$f")"; }; then
    rm -f "$f"
    free_port_in "$DIR" >"$f.new" && mv "$f.new" "$f"
  fi
  cat "$f"
}

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# A leaf signed by the test CA: name days subjectAltName
ca_leaf() {
  local t=$DIR/tls
  ec_key "$t/$1.key"
  openssl req -new -key "$t/$1.key" -subj "/CN=$1.botasky.test" -out "$t/$1.csr"
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$3" >"$t/$1.ext"
  openssl x509 -req -in "$t/$1.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial \
    -days "$2" -extfile "$t/$1.ext" -out "$t/$1.pem" 2>/dev/null
  rm -f "$t/$1.csr" "$t/$1.ext"
}

certs() {
  local t=$DIR/tls
  mkdir -p "$t"
  if [ ! -s "$t/ca.pem" ]; then
    ec_key "$t/ca.key"
    openssl req -x509 -new -key "$t/ca.key" -days 3650 -subj "/CN=Botasky test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -out "$t/ca.pem"
    rm -f "$t/good.pem" "$t/soon.pem" "$t/wrong.pem"
  fi
  [ -s "$t/good.pem" ] || ca_leaf good 825 "DNS:localhost,IP:127.0.0.1"
  [ -s "$t/wrong.pem" ] || ca_leaf wrong 825 "DNS:wrong.example"
  if [ ! -s "$t/self.pem" ]; then
    ec_key "$t/self.key"
    openssl req -x509 -new -key "$t/self.key" -days 825 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -out "$t/self.pem"
  fi
  RENEWED=""
  if [ ! -s "$t/soon.pem" ] || ! openssl x509 -in "$t/soon.pem" -noout -checkend 129600 >/dev/null; then
    ca_leaf soon 2 "DNS:localhost,IP:127.0.0.1"
    RENEWED=1
  fi
}

content() {
  local w=$DIR/www
  mkdir -p "$w/slow" "$w/e2e" "$DIR/tmp" "$DIR/logs"
  printf 'botasky nginx ok\n' >"$w/ok.txt"
  printf 'healthy\n' >"$w/e2e/health.txt"
  [ -s "$w/slow/big.txt" ] || head -c 49152 /dev/zero | tr '\0' 'x' >"$w/slow/big.txt"
  chmod -R a+rX "$w"
}

tls_server() { # name port
  cat <<CFG
  server {
    listen 127.0.0.1:$2 ssl;
    ssl_certificate $DIR/tls/$1.pem;
    ssl_certificate_key $DIR/tls/$1.key;
    root $DIR/www;
  }
CFG
}

config() {
  local user=""
  [ "$(id -u)" = 0 ] && user="user nobody nogroup;"
  cat >"$DIR/nginx.conf" <<CFG
$user
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log $DIR/logs/access.log;
  client_body_temp_path $DIR/tmp/body;
  proxy_temp_path $DIR/tmp/proxy;
  fastcgi_temp_path $DIR/tmp/fastcgi;
  uwsgi_temp_path $DIR/tmp/uwsgi;
  scgi_temp_path $DIR/tmp/scgi;
  types { text/plain txt; }
  default_type text/plain;
  absolute_redirect off;
  server {
    listen 127.0.0.1:$(port_of http);
    root $DIR/www;
    location = /error { return 500 "botasky nginx error\n"; }
    location = /redirect { return 302 /ok.txt; }
    location /slow/ { limit_rate 16k; }
  }
$(tls_server good "$(port_of https_good)")
$(tls_server self "$(port_of https_self)")
$(tls_server soon "$(port_of https_soon)")
$(tls_server wrong "$(port_of https_wrong)")
}
CFG
}

all_listening() {
  local n
  for n in "${NAMES[@]}"; do listening "$(cat "$DIR/$n.port")" || return 1; done
}

start() {
  command -v nginx >/dev/null 2>&1 || apt_install_no_start nginx-light || die "nginx-light is not installed"
  certs
  content
  if alive; then
    # Running: a renewed certificate needs a reload (SIGHUP), nothing else does.
    if [ -n "$RENEWED" ]; then kill -HUP "$(cat "$PIDFILE")"; sleep 1; fi
    all_listening && return 0
    stop
  fi
  config
  nginx -t -p "$DIR" -c "$DIR/nginx.conf" -g "daemon off;" >"$DIR/logs/configtest.log" 2>&1 \
    || die "nginx config test failed: $(cat "$DIR/logs/configtest.log")"
  log "starting nginx on 127.0.0.1:$(cat "$DIR/http.port") (http), https $(cat "$DIR/https_good.port") $(cat "$DIR/https_self.port") $(cat "$DIR/https_soon.port") $(cat "$DIR/https_wrong.port")"
  start_bg "$PIDFILE" "$DIR/logs/nginx.out" nginx -p "$DIR" -c "$DIR/nginx.conf" -g "daemon off;"
  wait_for 15 "nginx listening" all_listening || die "nginx did not start: $(tail -5 "$DIR/logs/error.log" 2>/dev/null)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if alive && all_listening; then
      echo "nginx running (pid $(cat "$PIDFILE")), http on $(cat "$DIR/http.port"), dir $DIR"
    else
      echo "nginx not running"; exit 3
    fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
