#!/usr/bin/env bash
# Prints the package graph of a module's main code and its cycles (strongly connected components),
# from the compiled classes: `jdeps -verbose:package` on <module>/target/classes.
#   scripts/package-graph.sh collector-api      # after `mvn -pl collector-api -am compile`
# Only edges between the module's own packages (prefix io.botasky) are shown; exits 1 on a cycle.
set -euo pipefail
cd "$(dirname "$0")/.."
module=${1:?usage: scripts/package-graph.sh <module>}
classes=$module/target/classes
[ -d "$classes" ] || { echo "no $classes: compile the module first" >&2; exit 2; }
own=$(cd "$classes" && find io -name '*.class' -printf '%h\n' | sort -u | tr / .)
jdeps -verbose:package -filter:none "$classes" 2>/dev/null \
  | awk '$2 == "->" && $1 != $3 { print $1, $3 }' | sort -u \
  | python3 -c '
import sys
own = set(sys.argv[1].split())
edges = {}
for line in sys.stdin:
    a, b = line.split()
    if a in own and b in own:
        edges.setdefault(a, set()).add(b)
nodes = sorted(own)
short = lambda p: p.replace("io.botasky.", "")
for a in nodes:
    print(short(a).ljust(24), "->", ", ".join(short(b) for b in sorted(edges.get(a, ()))) or "-")
# Tarjan: every component of more than one package is a cycle.
index, low, stack, on, comps = {}, {}, [], set(), []
def visit(v):
    index[v] = low[v] = len(index); stack.append(v); on.add(v)
    for w in sorted(edges.get(v, ())):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: comps.append(sorted(comp))
for v in nodes:
    if v not in index: visit(v)
print()
for c in comps:
    print("cycle:", " <-> ".join(short(p) for p in c))
print("cycles:", len(comps))
sys.exit(1 if comps else 0)
' "$own"
