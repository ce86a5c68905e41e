#!/usr/bin/env bash
# botasky-allow-units: the rule written for a list matches the golden file byte for byte; invalid
# names are refused with file:line and leave the old rule alone; an empty or missing list gives a
# rule that allows nothing; with node, the rule's JavaScript is evaluated against polkit-like
# calls (right user, unit and verb only). The real polkitd judges the rule in polkit.sh. Run by
# ScriptsIT. Usage: allow-units.sh REPO WORKDIR
set -euo pipefail
REPO=$(readlink -f "$1")
W=$2
R=$W/root
rm -rf "$W"; mkdir -p "$R/etc/botasky"
GEN=$REPO/dist/src/deb/usr/sbin/botasky-allow-units
GOLDEN=$REPO/dist/src/test/sh/allow-units/50-botasky-units.rules
RULE=$R/etc/polkit-1/rules.d/50-botasky-units.rules

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }
gen() { "$GEN" --root "$R" "$@"; }

step "the shipped list is valid and allows nothing"
cp "$REPO/dist/src/deb/etc/botasky/allowed-units" "$R/etc/botasky/allowed-units"
gen
[ -f "$RULE" ] || fail "no rule written"
[ "$(stat -c %a "$RULE")" = 644 ] || fail "rule should be 0644 (polkitd reads it), is $(stat -c %a "$RULE")"
grep -q '^  var units = \[$' "$RULE" || fail "no units array"
[ "$(sed -n '/var units = \[/,/\];/p' "$RULE" | wc -l)" = 2 ] || fail "the shipped list should allow no unit"

step "a list: comments, blanks, a bare name, a duplicate, an instance -> the golden rule"
# The generated header names the list's path, which differs per run: compare from line 2 on.
printf '%s\n' '# units' '' 'redis-server.service' '  mariadb   ; the database' 'redis-server' \
  'openvpn-client@office.service' >"$R/etc/botasky/allowed-units"
printf 'nginx.service' >>"$R/etc/botasky/allowed-units"
out=$(gen)
echo "$out"
grep -q ': 4 unit(s): redis-server.service mariadb.service openvpn-client@office.service nginx.service$' <<<"$out" ||
  fail "unexpected summary: $out"
diff <(tail -n +2 "$GOLDEN") <(tail -n +2 "$RULE") || fail "rule differs from the golden $GOLDEN"
cp "$RULE" "$W/good.rules"

step "invalid names: refused with file:line, exit 1, the old rule kept"
for bad in 'redis"; polkit.Result.YES; "' 'a\x2db.service' 'redis.socket' '../etc/passwd' '-dash.service' \
  'two words.service' 'tpl@.service' 'a@b@c.service' "$(printf 'x\001y')" 'café.service'; do
  printf '%s\n' 'redis-server.service' "$bad" >"$R/etc/botasky/allowed-units"
  set +e
  err=$(gen 2>&1 >/dev/null)
  rc=$?
  set -e
  [ "$rc" = 1 ] || fail "\"$bad\" accepted (exit $rc)"
  grep -q "allowed-units:2: invalid unit" <<<"$err" || fail "no file:line for \"$bad\": $err"
  cmp -s "$RULE" "$W/good.rules" || fail "an invalid list changed the rule (\"$bad\")"
  gen --check >/dev/null 2>&1 && fail "--check accepted \"$bad\""
done
echo "10 invalid names refused"

step "no list at all: a rule that allows nothing"
rm "$R/etc/botasky/allowed-units"
gen --quiet
[ "$(sed -n '/var units = \[/,/\];/p' "$RULE" | wc -l)" = 2 ] || fail "a missing list should allow no unit"

if ! command -v node >/dev/null; then
  echo "SKIP: node not installed, the rule's JavaScript is not evaluated"
else
  step "the rule's JavaScript, evaluated with node against polkit-like calls"
  node - "$W/good.rules" <<'JS'
const fs = require("fs");
const rules = [];
const polkit = { Result: { YES: "yes", NO: "no" }, addRule: (f) => rules.push(f) };
new Function("polkit", fs.readFileSync(process.argv[2], "utf8"))(polkit);
if (rules.length !== 1) throw new Error("expected one rule, got " + rules.length);
const ask = (user, id, details) =>
  rules[0]({ id, lookup: (k) => details[k] }, { user }) === "yes";
const M = "org.freedesktop.systemd1.manage-units";
const cases = [
  ["botasky", M, { unit: "redis-server.service", verb: "restart" }, true],
  ["botasky", M, { unit: "redis-server.service", verb: "start" }, true],
  ["botasky", M, { unit: "redis-server.service", verb: "stop" }, true],
  ["botasky", M, { unit: "openvpn-client@office.service", verb: "restart" }, true],
  ["botasky", M, { unit: "redis-server.service", verb: "kill" }, false],
  ["botasky", M, { unit: "redis-server.service", verb: "set-property" }, false],
  ["botasky", M, { unit: "redis-server.service", verb: "reload" }, false],
  ["botasky", M, { unit: "ssh.service", verb: "restart" }, false],
  ["botasky", M, { unit: "redis.service", verb: "restart" }, false],
  // StartTransientUnit (systemd-run) passes no unit detail: never allowed.
  ["botasky", M, {}, false],
  ["botasky", "org.freedesktop.systemd1.manage-unit-files", { unit: "redis-server.service", verb: "restart" }, false],
  ["botasky", "org.freedesktop.login1.reboot", {}, false],
  ["alice", M, { unit: "redis-server.service", verb: "restart" }, false],
];
for (const [user, id, d, want] of cases) {
  const got = ask(user, id, d);
  if (got !== want) throw new Error(`${user} ${id} ${JSON.stringify(d)}: got ${got}, want ${want}`);
}
console.log(cases.length + " polkit cases as expected");
JS
fi

shellcheck -V >/dev/null 2>&1 && { shellcheck "$GEN" || fail "shellcheck: $GEN"; }
echo "OK: botasky-allow-units writes the golden rule, refuses invalid names, and the rule allows exactly botasky + listed units + start/stop/restart"
