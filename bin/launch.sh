# shellcheck shell=bash
# Sourced by bin/pihealthd, bin/boagent, bin/boird, bin/botasky: runs a module's main class from a
# source checkout after `mvn -B -DskipTests package`. An installed package has its own launchers.
# Usage: launch MODULE MAIN_CLASS "JVM flags" args...
launch() {
  local module=$1 main=$2 flags=$3; shift 3
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local jar=("$root/$module/target/$module"-*[0-9].jar)
  local cpfile="$root/$module/target/classpath.txt"
  if [ ! -f "${jar[0]}" ] || [ ! -f "$cpfile" ]; then
    echo "$(basename "$0"): not built yet: run 'mvn -B -DskipTests package' in $root" >&2
    exit 69
  fi
  local cp cds=""
  cp="${jar[0]}:$(cat "$cpfile")"
  # CDS_NAME (set by bin/boagent): an archive of the daemon's own classes (bin/cds.sh); here kept
  # under target/, rebuilt after every `mvn package`. BOTASKY_CDS_DIR= (empty) turns it off.
  if [ -n "${CDS_NAME:-}" ]; then
    . "$root/bin/cds.sh"
    cds=$(cds_flags "$CDS_NAME" "${BOTASKY_CDS_DIR-$root/$module/target/cds}" "$cp" "$@")
  fi
  # shellcheck disable=SC2086 # flags are word lists on purpose
  exec "${JAVA:-java}" $flags $cds ${BOTASKY_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
}
