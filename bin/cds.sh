# shellcheck shell=bash
# Sourced by both launch.sh (checkout and installed): class data sharing for the agent
# (docs/agent.md, "Class data sharing"). The agent's first run writes the list of classes it loads;
# the next start dumps a CDS archive of exactly those classes with this JDK and this class path and
# runs with it: some 2 MB less resident memory and a faster start than with the JDK's default
# archive. The files are named by a key of the java binary and of every jar (path, size, mtime),
# so an upgrade of either starts over instead of meeting an archive the JVM would refuse.
# Usage: cds_flags NAME DIR CLASSPATH args... → prints the JVM flags (none when DIR is empty or not
# writable, or for a one-shot command such as `boagent check`, whose classes are not the daemon's).
cds_flags() {
  local name=$1 dir=$2 cp=$3; shift 3
  case "${1:-}" in check | show | help | -h | --help | -V | --version) return 0 ;; esac
  [ -n "$dir" ] || return 0
  mkdir -p "$dir" 2>/dev/null || true
  [ -d "$dir" ] && [ -w "$dir" ] || return 0
  local java key jar
  java=$(readlink -f "$(command -v "${JAVA:-java}")") || return 0
  key=$({
    echo "$java"
    stat -c '%s %Y' "$java"
    local IFS=:
    for jar in $cp; do stat -c '%n %s %Y' "$jar" 2>/dev/null || echo "$jar"; done
  } | sha256sum | cut -c1-16)
  local list="$dir/$name-$key.classlist" jsa="$dir/$name-$key.jsa"
  if [ -s "$jsa" ]; then
    echo "-XX:SharedArchiveFile=$jsa"
    return 0
  fi
  # A list the first run wrote: dump the archive beside it (a few seconds, once per upgrade).
  if [ -s "$list" ] && "${JAVA:-java}" -Xshare:dump -XX:SharedClassListFile="$list" \
    -XX:SharedArchiveFile="$jsa.$$" -cp "$cp" >"$dir/$name-cds-dump.log" 2>&1 &&
    mv -f "$jsa.$$" "$jsa"; then
    echo "-XX:SharedArchiveFile=$jsa"
    return 0
  fi
  rm -f "$jsa.$$"
  # Files of other keys are stale; this run writes the list the next start uses.
  local f
  for f in "$dir/$name"-*.classlist "$dir/$name"-*.jsa; do
    [ "$f" = "$list" ] || rm -f "$f"
  done
  rm -f "$list"
  echo "-XX:DumpLoadedClassList=$list"
}
