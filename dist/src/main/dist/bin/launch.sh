# shellcheck shell=bash
# Sourced by bin/pihealthd, bin/boagent, bin/boird, bin/botasky of an installed Botasky (the
# tarball, /opt/botasky): runs a main class with every jar of lib/. A source checkout has its
# own launch.sh that reads <module>/target instead; the launchers and their JVM flags are shared.
# Usage: launch MODULE MAIN_CLASS "JVM flags" args...
launch() {
  local main=$2 flags=$3; shift 3
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  # shellcheck disable=SC2086 # flags are word lists on purpose
  exec "${JAVA:-java}" $flags ${BOTASKY_JAVA_OPTS:-} -cp "$root/lib/*" "$main" "$@"
}
