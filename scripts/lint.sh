#!/usr/bin/env bash
# The ecosystem's own linters over what Maven does not see: shellcheck on every shell script the
# repository tracks (warnings and errors fail; style notes do not). scripts/test.sh runs it first.
# The linters that need what Maven builds run as tests: `promtool check metrics` on the real
# pihealthd's /metrics (collector-api MetricsLintIT), `systemd-analyze verify` of the units (dist ScriptsIT).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

command -v shellcheck >/dev/null 2>&1 || apt_install shellcheck || { log "FAILED: no shellcheck"; exit 1; }

# Shell scripts: *.sh, and any tracked file whose first line is a sh/bash shebang.
mapfile -t scripts < <(git ls-files -z | while IFS= read -r -d '' f; do
  case $f in
    *.sh) printf '%s\n' "$f" ;;
    *) [ -f "$f" ] && head -n1 "$f" 2>/dev/null | grep -Eq '^#!.*(/|env )(ba)?sh\b' && printf '%s\n' "$f" ;;
  esac
done)
log "shellcheck: ${#scripts[@]} scripts"
shellcheck -x -S warning "${scripts[@]}"
