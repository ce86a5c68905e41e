#!/usr/bin/env python3
"""Helpers of bench/page-inventory.sh, standard library only.

seed URL TOKEN HOSTS SERVICES: posts one full-form heartbeat per host (docs/api.md, "Service
inventory") through POST /api/v1/heartbeat, and firing alerts for the services it reports as
warning or critical through POST /api/v1/events.

time URL DRIVER_PORT VIEW HASH RUNS: loads URL#HASH RUNS times in the headless Chromium behind a
chromedriver listening on DRIVER_PORT (plain W3C WebDriver over HTTP), each from about:blank, and
prints the median navigation start -> DOMContentLoaded, -> load, -> the last of the view's API
answers (sparkline samples aside), and -> the view's first full render (window.__botasky.rendered[VIEW], which app.js sets once the view is drawn and painted).
With PAGE_SHOTS=DIR, the last load of each view is saved as DIR/VIEW.png.

live URL DRIVER_PORT TOKEN HOSTS SERVICES: with #/tree open, one service of every host turns
critical; prints how long the page takes to count them all from the stream's `service` events.
"""
import base64
import concurrent.futures
import datetime
import hashlib
import json
import os
import statistics
import sys
import time
import urllib.request
import uuid

SERVICES = [
    ("system", ""), ("network", ""), ("mysql", "3306"), ("redis", "6379"), ("keepalived", ""),
    ("process", "sshd"), ("process", "cron"), ("process", "nginx"), ("http", "home"),
    ("http", "api"), ("tcp", "smtp"), ("ping", "gw"), ("command", "raid"), ("command", "ntp"),
    ("logfile", "syslog"), ("logfile", "nginx"), ("mfs", "mfschunkserver"), ("tcp", "imap"),
    ("http", "admin"), ("process", "postfix"),
]
ROLES = ["web", "db", "cache", "queue", "batch"]


def post(url, token, body):
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status


def host_name(i):
    return "h%04d" % i


def services_of(i, count, now_ms):
    """Host i's services: groups dc<i%4>/<role>, the databases one level deeper, a few ungrouped;
    every 97th host has redis critical, every 31st mysql warning."""
    group = "dc%d/%s" % (i % 4, ROLES[i % len(ROLES)])
    out = []
    for n, (resource, instance) in enumerate(SERVICES[:count]):
        state, summary = "ok", ""
        if resource == "redis" and i % 97 == 0:
            state, summary = "critical", "redis down: connection refused"
        elif resource == "mysql" and i % 31 == 0:
            state, summary = "warning", "replication lag 42 s"
        g = group + "/db" if resource in ("mysql", "redis") else ("" if n == 19 else group)
        out.append({
            "resource": resource, "instance": instance, "group": g, "state": state,
            "summary": summary, "last_check": now_ms, "interval": 60,
            "actions": ["restart"] if resource == "process" else [], "protected": False,
        })
    return out


def seed(base, token, hosts, count):
    now_ms = int(time.time() * 1000)
    observed = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")

    def one(i):
        services = services_of(i, count, now_ms)
        digest = hashlib.sha256(json.dumps(services, sort_keys=True).encode()).hexdigest()[:16]
        host = host_name(i)
        post(base + "/api/v1/heartbeat", token, {
            "host": host, "agent_version": "0.1.0", "sysinfo": {},
            "services_hash": digest, "services": services})
        events = []
        for s in services:
            if s["state"] in ("warning", "critical"):
                events.append({
                    "event_id": str(uuid.uuid4()), "resource": s["resource"],
                    "instance": s["instance"],
                    "check": "redis_down" if s["resource"] == "redis" else "replication_lag",
                    "state": "firing", "severity": s["state"], "value": 42.0, "threshold": 30.0,
                    "summary": s["summary"], "details": {}, "observed_at": observed})
        if events:
            post(base + "/api/v1/events", token, {"host": host, "events": events})
        return len(events)

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        alerts = sum(pool.map(one, range(hosts)))
    print("seeded %d hosts x %d services (%d firing alerts) in %.1f s"
          % (hosts, count, alerts, time.monotonic() - started))


def wd(port, method, path, body=None):
    req = urllib.request.Request(
        "http://127.0.0.1:%s%s" % (port, path), method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"{}").get("value")


def timing(base, port, view, fragment, runs):
    caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": "/usr/bin/chromium",
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-sync",
                 "--window-size=1400,1000"]}}}}
    session = wd(port, "POST", "/session", caps)["sessionId"]
    script = ("const n = performance.getEntriesByType('navigation')[0];"
              "const r = window.__botasky && window.__botasky.rendered[arguments[0]];"
              "const api = performance.getEntriesByType('resource')"
              ".filter((e) => e.name.includes('/api/v1/') && !e.name.includes('/stream')"
              " && !e.name.includes('/samples'))"
              ".reduce((m, e) => Math.max(m, e.responseEnd), 0);"
              "return r === undefined ? null : [n.domContentLoadedEventEnd, n.loadEventEnd, r, api];")
    dcl, load, rendered, data = [], [], [], []
    try:
        for _ in range(runs):
            wd(port, "POST", "/session/%s/url" % session, {"url": "about:blank"})
            wd(port, "POST", "/session/%s/url" % session, {"url": base + "/" + fragment})
            deadline = time.monotonic() + 60
            got = None
            while got is None and time.monotonic() < deadline:
                got = wd(port, "POST", "/session/%s/execute/sync" % session,
                         {"script": script, "args": [view]})
                if got is None:
                    time.sleep(0.05)
            if got is None:
                raise SystemExit("%s: the view did not render within 60 s" % fragment)
            dcl.append(got[0])
            load.append(got[1])
            rendered.append(got[2])
            data.append(got[3])
        shots = os.environ.get("PAGE_SHOTS")
        if shots:
            os.makedirs(shots, exist_ok=True)
            png = wd(port, "GET", "/session/%s/screenshot" % session)
            with open(os.path.join(shots, view + ".png"), "wb") as f:
                f.write(base64.b64decode(png))
    finally:
        wd(port, "DELETE", "/session/%s" % session)
    med = statistics.median
    print("%-14s %8.0f %8.0f %8.0f %10.0f   (renders: %s)" % (
        fragment, med(dcl), med(load), med(data), med(rendered),
        " ".join("%.0f" % r for r in rendered)))


def live(base, port, token, hosts, count):
    """Opens #/tree, then makes one more service of every host critical (full-form heartbeats from
    8 threads) and times how long the open page takes to count them all, from `service` events
    alone."""
    caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": "/usr/bin/chromium",
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-sync",
                 "--window-size=1400,1000"]}}}}
    session = wd(port, "POST", "/session", caps)["sessionId"]
    count_js = ("const n = document.querySelector(\"li.node[data-path=''] > .row .st-critical\");"
                "return n ? parseInt(n.textContent, 10) : 0;")
    try:
        wd(port, "POST", "/session/%s/url" % session, {"url": base + "/#/tree"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and wd(
                port, "POST", "/session/%s/execute/sync" % session,
                {"script": "return window.__botasky.rendered.tree === undefined", "args": []}):
            time.sleep(0.05)
        before = wd(port, "POST", "/session/%s/execute/sync" % session,
                    {"script": count_js, "args": []})
        now_ms = int(time.time() * 1000)

        def one(i):
            services = services_of(i, count, now_ms)
            cron = next(s for s in services if s["instance"] == "cron")
            cron["state"], cron["summary"] = "critical", "cron is not running"
            digest = hashlib.sha256(json.dumps(services, sort_keys=True).encode()).hexdigest()[:16]
            post(base + "/api/v1/heartbeat", token, {
                "host": host_name(i), "agent_version": "0.1.0", "sysinfo": {},
                "services_hash": digest, "services": services})

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(one, range(hosts)))
        posted = time.monotonic()
        want = before + hosts
        got = before
        while got < want and time.monotonic() < posted + 60:
            got = wd(port, "POST", "/session/%s/execute/sync" % session,
                     {"script": count_js, "args": []})
            if got < want:
                time.sleep(0.05)
        shown = time.monotonic()
        catch_ups = wd(port, "POST", "/session/%s/execute/sync" % session,
                       {"script": "return window.__botasky.catchUps || 0", "args": []})
    finally:
        wd(port, "DELETE", "/session/%s" % session)
    print("live: %d services turned critical, posted in %.1f s; the open tree counted %d of %d "
          "critical %.1f s after the first post, %.2f s after the last (stream lost and caught up "
          "%d times)" % (hosts, posted - started, got, want, shown - started, shown - posted,
                         catch_ups))


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif sys.argv[1] == "live":
        live(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    elif sys.argv[1] == "time":
        timing(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        raise SystemExit("usage: page_inventory.py seed|time ...")
