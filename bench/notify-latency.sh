#!/usr/bin/env bash
# Notifier latency and storm benchmark (issues 4 and 18). Starts a real pihealthd and a real boird through
# bin/ on the local MariaDB with Redis wake-up, GreenMail as the SMTP server, then prints:
#   1. from the collector's 200 for an event to the SMTP server accepting the mail, p50/p90/p99,
#      over N alerts posted one by one (default 1000);
#   2. a storm of M alerts (default 100000) posted over S seconds (default 60), in requests of 100:
#      time until every one is in the ledger and sent (goal: 90 s after the first post), none lost
#      or twice, the messages per recipient (group_wait 5s), the notifier's and the database's CPU
#      and the notifier's peak RSS.
# Usage: [SMTP=greenmail|postfix] bench/notify-latency.sh [N] [M] [S]. Needs MariaDB on 127.0.0.1:3306
# (root, no password) and Redis on 127.0.0.1:6379 (scripts/test.sh starts both). The SMTP server is
# GreenMail in the bench's JVM (default) or, with SMTP=postfix, a private Postfix instance that
# delivers to Maildirs (bench/lib/postfix.sh; CI=true or BOTASKY_INSTALL=1 installs Debian's postfix
# without configuring or starting the system's): the time then runs to the mail's file in the
# recipient's Maildir.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh
. bench/lib/collector.sh
. bench/lib/postfix.sh
SMTP=${SMTP:-greenmail}
BENCH_PROPS=()
if [ "$SMTP" = postfix ]; then
  if ! command -v postfix >/dev/null; then
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt_install_no_start postfix || die "SMTP=postfix needs Debian's postfix package"
  fi
  PFX=$(mktemp -d /tmp/botasky-postfix.XXXXXX)
  PFX_PORT=$(free_port)
  trap 'stop_postfix "$PFX"; rm -rf "$PFX"' EXIT
  start_postfix "$PFX" "$PFX_PORT" ops storm1 storm2 || die "postfix did not start"
  BENCH_PROPS=(-Dbench.smtp.port="$PFX_PORT" -Dbench.maildir="$PFX/mail")
fi
if [ ! -f notifier/target/classpath.txt ] || [ ! -f collector-api/target/classpath.txt ]; then
  mvn -B -q -o -DskipTests package
fi
# The daemons start through the shared test kit (common's test classes), built here with the rest.
mvn -B -q -o -pl notifier -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java "${BENCH_PROPS[@]}" -Dbotasky.root="$PWD" -cp "notifier/target/test-classes:notifier/target/classes:common/target/test-classes:common-db/target/test-classes:$(cat notifier/target/bench-classpath.txt)" \
  io.botasky.notifier.bench.NotifyLatency "$@"
