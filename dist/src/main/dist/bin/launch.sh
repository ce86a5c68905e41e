# shellcheck shell=bash
# Sourced by bin/pihealthd, bin/boagent, bin/boird, bin/botasky of an installed Botasky (the
# tarball, /opt/botasky): runs a main class with the module's jar and the jars its
# lib/MODULE.classpath lists (written by the build; the agent's lists no database jar). A source
# checkout has its own launch.sh that reads <module>/target instead; the launchers and their JVM
# flags are shared.
# Usage: launch MODULE MAIN_CLASS "JVM flags" args...
launch() {
  local module=$1 main=$2 flags=$3; shift 3
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local jar=("$root/lib/$module"-*[0-9].jar)
  local deps; deps=$(cat "$root/lib/$module.classpath")
  local cp="${jar[0]}:$root/${deps//:/:$root/}" cds=""
  # CDS_NAME (set by bin/boagent): an archive of the daemon's own classes (bin/cds.sh), kept in the
  # service's state directory (systemd's $STATE_DIRECTORY: /var/lib/boagent/cds) or BOTASKY_CDS_DIR;
  # with neither, the JDK's default archive.
  if [ -n "${CDS_NAME:-}" ]; then
    . "$root/bin/cds.sh"
    cds=$(cds_flags "$CDS_NAME" "${BOTASKY_CDS_DIR-${STATE_DIRECTORY:+${STATE_DIRECTORY%%:*}/cds}}" "$cp" "$@")
  fi
  # shellcheck disable=SC2086 # flags are word lists on purpose
  exec "${JAVA:-java}" $flags $cds ${BOTASKY_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
}
