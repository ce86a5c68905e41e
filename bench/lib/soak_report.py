"""The end of bench/soak.sh: the resource table and the lost / duplicated checks, from the run
folder it is given (samples.txt, events.tsv, plan.tsv, unplanned.txt, agentN/agent.log).

Usage: soak_report.py WORK DUE_BEFORE_MS MAILS_RECEIVED SCRIPT_PID TITLE
"""

import glob
import os
import re
import sys
from collections import defaultdict

# RoundHandler logs each event the agent spools as "alert: STATE SEVERITY resource/instance/check:
# summary". The instance may hold "/" (a mount point), the resource and the check never do.
WARMUP = 600
# A verdict on growth needs an hour of samples of a life: a shorter run shows only the warm-up.
MIN_SPAN = 3600
ALERT = re.compile(r" alert: (\S+) \S+ ([^/\s]+)/(.*?)/([A-Za-z0-9_.-]+): ")


def slope_per_hour(points):
    """Least-squares slope of (seconds, value) points, per hour; None under 3 points."""
    if len(points) < 3:
        return None
    n = len(points)
    mx = sum(t for t, _ in points) / n
    my = sum(v for _, v in points) / n
    sxx = sum((t - mx) ** 2 for t, _ in points)
    if sxx == 0:
        return None
    return sum((t - mx) * (v - my) for t, v in points) / sxx * 3600


def resources(work):
    """Per daemon: samples of its longest-lived process (a restart starts a fresh JVM, whose
    growth from zero is not a leak), and the zombie maximum."""
    rows = defaultdict(lambda: defaultdict(list))
    zombies = 0
    for line in open(os.path.join(work, "samples.txt")):
        f = line.split()
        if len(f) != 7:
            continue
        t, name, pid = int(f[0]), f[1], f[2]
        if name == "zombies":
            zombies = max(zombies, int(f[3]))
            continue
        rows[name][pid].append((t, int(f[3]), int(f[4]), int(f[5]), int(f[6])))
    # The machine is shared: a zombie counts against the run when its parent is one of the run's
    # daemons or this script (an orphan reparented to PID 1 cannot be told apart, so it is listed).
    ours = {pid for pids in rows.values() for pid in pids}
    table = {}
    for name, pids in rows.items():
        life = max(pids.values(), key=len)
        # Past half an hour, the first WARMUP of a life (class loading, JIT, pools filling) is
        # left out of the slope and the verdict.
        if life[-1][0] - life[0][0] > 1800:
            life = [s for s in life if s[0] - life[0][0] >= WARMUP]
        table[name] = (life, len(pids))
    return table, zombies, ours


def agent_events(work):
    """Per (host, resource, instance, check): the states in the order the agent logged them."""
    seq = defaultdict(list)
    for path in sorted(glob.glob(os.path.join(work, "agent*", "agent.log"))):
        host = "soak" + re.search(r"agent(\d+)", path).group(1)
        for line in open(path, errors="replace"):
            m = ALERT.search(line)
            if m and m.group(1) in ("firing", "resolved"):
                seq[(host, m.group(2), m.group(3), m.group(4))].append(m.group(1))
    return seq


def db_events(work):
    seq = defaultdict(list)
    for line in open(os.path.join(work, "events.tsv")):
        f = line.rstrip("\n").split("\t")
        if len(f) < 5:
            continue
        inst = "" if f[2] == "NULL" else f[2]
        seq[(f[0], f[1], inst, f[3])].append(f[4])
    return seq


def lcs(a, b):
    """Length of the longest common subsequence: the events found in the database in order."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def main():
    work, due_before, mails = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    script_pid, title = sys.argv[4], sys.argv[5]
    ok = True
    print(f"\nlong run: {title}")
    table, zombies, ours = resources(work)
    ours.add(script_pid)
    cols = (("RSS MB", 1024), ("heap MB", 1024), ("fds", 1), ("threads", 1))
    head = "".join(f" | {c + ' start':>13} {'max':>7} {'/h':>7}" for c, _ in cols)
    print(f"{'daemon':10} {'lives':>5} {'span':>6}{head}")
    for name in sorted(table, key=lambda n: (not n.startswith("pi"), not n.startswith("bo"), len(n), n)):
        life, lives = table[name]
        span = life[-1][0] - life[0][0]
        out = f"{name:10} {lives:5d} {span // 60:4d}m "
        for k, (_, div) in enumerate(cols, start=1):
            vals = [s[k] for s in life if s[k] >= 0]
            if not vals:
                out += f" | {'-':>13} {'-':>7} {'-':>7}"
                continue
            sl = slope_per_hour([(s[0], s[k]) for s in life if s[k] >= 0])
            out += f" | {vals[0] / div:13.1f} {max(vals) / div:7.1f} "
            out += f"{sl / div:+7.1f}" if sl is not None else f"{'-':>7}"
        print(out)
    zseen, zours = {}, set()
    zlist = os.path.join(work, "zombies.txt")
    if os.path.exists(zlist):
        for line in open(zlist):
            f = line.split()
            if len(f) >= 5:
                zseen[f[2]] = f"pid {f[2]} ({f[4]}) child of {f[3]}"
                if f[3] in ours:
                    zours.add(f[2])
    print(f"zombies: machine-wide max {zombies} at a sample; children of the run's processes: "
          f"{len(zours)}")
    for z in list(zseen.values())[:8]:
        print(f"  zombie seen: {z}")
    print("slope: least squares over the longest-lived process of each daemon; lives = processes "
          "it had (restarts)")

    logged, stored = agent_events(work), db_events(work)
    lost = dup = disorder = 0
    for key, a in logged.items():
        d = stored.get(key, [])
        common = lcs(a, d)
        lost += len(a) - common
        dup += len(d) - common
        if a != d and len(a) == len(d):
            disorder += 1
    db_only = {k: v for k, v in stored.items() if k not in logged}
    from_agents = {k: v for k, v in db_only.items() if k[1] != "host"}
    hosts = {k[0] for k in logged}
    from_agents = {k: v for k, v in from_agents.items() if k[0] in hosts}
    dup += sum(len(v) for v in from_agents.values())
    print(f"alert events: {sum(map(len, logged.values()))} logged by the agents on {len(logged)} "
          f"alerts, {sum(map(len, stored.values()))} rows in alert_events "
          f"({sum(len(v) for k, v in db_only.items() if k not in from_agents)} the collector's "
          f"and notifier's own); lost {lost}, duplicated {dup}, keys out of order {disorder}")
    for k, v in list(from_agents.items())[:5]:
        print(f"  in the database, never logged by an agent: {'/'.join(k)} {v}")

    due = sent_once = nlost = ndup = fallbacks = superseded = 0
    statuses = defaultdict(int)
    for line in open(os.path.join(work, "plan.tsv")):
        f = line.rstrip("\n").split("\t")
        if len(f) < 8 or int(f[4]) > due_before:
            continue
        due += 1
        sent, recipients = int(f[5]), int(f[6])
        if sent == 0 and len(f) >= 9 and int(f[8]) > 0:
            # Cancelled by a flap episode whose FLAPPING notice reached the same recipient.
            superseded += 1
        elif sent == 0:
            nlost += 1
            statuses[f[7] or "no ledger row"] += 1
        elif sent > recipients:
            ndup += sent - recipients
        else:
            sent_once += 1
            fallbacks += recipients - 1
    unplanned = [line.rstrip("\n").split("\t") for line in open(os.path.join(work, "unplanned.tsv"))]
    unplanned = [u for u in unplanned if len(u) >= 10 and int(u[7]) <= due_before]
    # An alert of a fingerprint flapping when it opened is held by design (docs/notifier.md,
    # "Flapping"): its FLAPPING notice is a plan of the episode's first alert, checked above.
    held_path = os.path.join(work, "held.tsv")
    held = {line.strip() for line in open(held_path)} if os.path.exists(held_path) else set()
    flapping = [u for u in unplanned if u[0] in held]
    unplanned = [u for u in unplanned if u[0] not in held]
    nlost += len(unplanned)
    print(f"notifications: {due} due (notify_plan), {sent_once} sent once; lost {nlost} "
          f"(alerts never planned: {len(unplanned)}), duplicated {ndup}; {fallbacks} also sent "
          f"to a fallback channel; "
          f"{mails} mails received by the SMTP catcher (group_wait puts several in one); "
          f"{len(flapping)} alerts held by flap episodes and {superseded} pending notices given "
          f"way to the episode's FLAPPING notice to the same recipient, as the policy says")
    for u in unplanned[:10]:
        fired = (int(u[8]) if u[8] != "-1" else int(u[9])) - int(u[7])
        print(f"  never planned: alert {u[0]} {u[1]} {u[2]}/{u[3]}/{u[4]} {u[5]} {u[6]}, "
              f"{'resolved after' if u[8] != '-1' else 'open, last change after'} {fired / 1000:.1f} s")
    for st, n in statuses.items():
        print(f"  due but not sent: {n} with ledger status {st}")

    # The goal: flat memory, descriptors and threads (a slope under 5 % of the maximum per hour
    # over the longest life), 0 zombies, 0 lost, 0 duplicated.
    growth = []
    short = all(life[-1][0] - life[0][0] < MIN_SPAN for life, _ in table.values())
    for name, (life, _) in table.items():
        if life[-1][0] - life[0][0] < MIN_SPAN:
            continue
        for k, label in ((1, "RSS"), (2, "heap"), (3, "fds"), (4, "threads")):
            pts = [(s[0], s[k]) for s in life if s[k] >= 0]
            sl = slope_per_hour(pts)
            if sl is not None and sl > 0.05 * max(v for _, v in pts):
                growth.append(f"{name} {label}")
    verdict = [
        ("flat memory, descriptors, threads", not growth, ", ".join(growth)),
        ("0 zombies of the run's processes", not zours, str(len(zours))),
        ("0 alert events lost/duplicated", lost == 0 and dup == 0, f"{lost}/{dup}"),
        ("0 notifications lost/duplicated", nlost == 0 and ndup == 0, f"{nlost}/{ndup}"),
    ]
    if short:
        verdict[0] = ("flat memory, descriptors, threads", True, "")
        print("n/a   flat memory, descriptors, threads: no daemon lived an hour (warm-up only)")
    for what, good, detail in verdict:
        if short and what.startswith("flat"):
            continue
        ok &= good
        print(f"{'PASS' if good else 'FAIL'}  {what}" + ("" if good else f": {detail}"))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
