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

# Java: google-java-format (Spotless, `mvn verify`) keeps code within 100 columns but cannot split
# some string literals and never touches text blocks. The rule here: no Java line over 100 columns
# unless it is inside a text block or is a string literal (or its `+ "…"` continuation).
long=$(git ls-files -z -- '*.java' | xargs -0 awk '
  FNR == 1 { block = 0 }
  {
    n = gsub(/"""/, "&")
    if (length($0) > 100 && !block && $0 !~ /^[[:space:]]*(\+ )?"/) print FILENAME ":" FNR ": " length($0) " columns"
    if (n % 2 == 1) block = !block
  }')
if [ -n "$long" ]; then
  printf '%s\n' "$long"
  log "FAILED: Java lines over 100 columns (see above)"
  exit 1
fi
log "java line length: ok"

# Everything a user needs lives in the repository (docs/reference.md is the interface): no tracked
# file points to the contract or the seed documents outside it. This file names them only here.
outside=$(git ls-files -z | xargs -0 grep -nE 'CONTRACT\.md|\.\./shared/' -- 2>/dev/null | grep -v '^scripts/lint.sh:' || true)
if [ -n "$outside" ]; then
  printf '%s\n' "$outside"
  log "FAILED: files pointing outside the repository (cite a docs/ page instead)"
  exit 1
fi
log "no pointers outside the repository: ok"
