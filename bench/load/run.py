#!/usr/bin/env python3
"""Load test of the aftersales addons on Odoo's multi-process server (issue 22).

    python3 bench/load/run.py [--workers 2,4] [--users 20] [--duration 60] [--scale 0.1]

One command, standard library only. It

1. makes Locust's own virtual environment (``~/.cache/aftersales/venv-locust``, from
   ``bench/load/requirements.txt``) if it is missing: Locust's gevent pins clash with Odoo's,
   so Locust never goes into the Odoo venv;
2. builds a template database once (``<db>_tpl``): the three addons with demo data, the bench
   volume of ``bench/bench.py`` at ``--scale`` and the load test's users and documents
   (``odoo_side.py setup``); ``--rebuild`` builds it again;
3. for each worker count: copies the template (database and filestore) to ``<db>`` so every
   run starts from the same state, starts ``odoo --workers=N --max-cron-threads=1`` on
   127.0.0.1 only, runs Locust headless (fixed users, fixed duration), stops the server and
   runs the integrity checks (``odoo_side.py check``);
4. prints one markdown table per run and the ratios, and writes them to ``<workdir>/results.md``.

Not run by CI.
"""

import argparse
import csv
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CATEGORIES = ("http500", "access", "serialization", "lock", "unique", "user_error", "other")
# a portal list page of ours -> plain Odoo's portal list of the same size (pages)
PLAIN_PAGE = {
    "/my/service_requests": "/my/invoices",
    "/my/service_requests/page/10": "/my/invoices/page/10",
}
# our operation -> the plain Odoo operation of similar weight
RATIOS = [
    ("portal: /my/service_requests", "odoo: portal /my/invoices"),
    ("portal: one service request", "odoo: portal /my/home"),
    ("portal: /my/complaints", "odoo: portal /my/home"),
    ("portal: POST new request (photo)", "odoo: repair.order create"),
    ("portal: POST new complaint (product line)", "odoo: repair.order create"),
    ("desk: create service request", "odoo: repair.order create"),
    ("desk: open service request form (read)", "odoo: open repair.order form (read)"),
    ("desk: service request write", "odoo: repair.order write"),
    ("desk: search by serial", "odoo: search repair.order by serial"),
    ("tech: done (parts consumed)", "odoo: repair.order end (parts consumed)"),
    ("tech: start (on site)", "odoo: repair.order start"),
    ("tech: my next job (search_read)", "odoo: repair.order my next (search_read)"),
]


def log(msg):
    print(f"[load] {msg}", file=sys.stderr, flush=True)


def sh(cmd, **kw):
    log(" ".join(str(c) for c in cmd))
    return subprocess.run(cmd, check=True, **kw)


def db_exists(name):
    out = subprocess.run(
        ["psql", "-d", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "1"


def drop_db(name, data_dir):
    if db_exists(name):
        sh(["dropdb", "--force", name])
    shutil.rmtree(data_dir / "filestore" / name, ignore_errors=True)


# ====================================================================== environments
def ensure_locust(venv):
    locust = venv / "bin" / "locust"
    if not locust.exists():
        sh([sys.executable, "-m", "venv", str(venv)])
        sh([str(venv / "bin" / "pip"), "install", "-q", "-r", str(HERE / "requirements.txt")])
    return locust


def write_conf(args, odoo_python):
    site = subprocess.run(
        [odoo_python, "-c", "import odoo.addons, os; print(os.path.dirname(odoo.addons.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    conf = args.workdir / "odoo.conf"
    conf.write_text(
        "[options]\n"
        f"addons_path = {site},{REPO}\n"
        f"data_dir = {args.workdir / 'data'}\n"
        f"db_user = {args.db_user}\n"
        "http_interface = 127.0.0.1\n"
        f"http_port = {args.port}\n"
        f"gevent_port = {args.gevent_port}\n"
        "list_db = False\n"
    )
    return conf


LAUNCHER = """import sys

if sys.argv[1:2] == ["gevent"]:
    # gevent's monkey patching loads its plugins' entry points through pkg_resources, which
    # refuses when a distribution's metadata is missing from the venv (zope.interface here):
    # the bus process then dies at import and the server starts it again and again, burning
    # the CPU the test measures. The plugins are not needed: notify the subscribers only.
    import gevent.events

    gevent.events.notify_and_call_entry_points = gevent.events.notify
import odoo

odoo.cli.main()
"""


def odoo_cmd(odoo_python, conf, db, *extra):
    # a launcher file, not ``python -c``: the prefork server starts its gevent process
    # again with ``sys.executable sys.argv[0] gevent ...``
    launcher = Path(conf).parent / "odoo-launcher.py"
    launcher.write_text(LAUNCHER)
    return [
        odoo_python,
        str(launcher),
        "-c",
        str(conf),
        "-d",
        db,
        *extra,
    ]


# ====================================================================== steps
def build_template(args, odoo_python, conf, template):
    data_dir = args.workdir / "data"
    drop_db(template, data_dir)
    env = dict(os.environ, TZ="UTC")
    with open(args.workdir / "install.log", "w") as logf:
        sh(
            odoo_cmd(
                odoo_python,
                conf,
                template,
                "-i",
                "aftersales_service,aftersales_complaint,aftersales_penalty",
                "--stop-after-init",
                "--load-language=en_US",
                "--no-http",
            ),
            stdout=logf,
            stderr=subprocess.STDOUT,
            env=env,
        )
    sh(
        [
            odoo_python,
            str(HERE / "odoo_side.py"),
            "setup",
            "-c",
            str(conf),
            "-d",
            template,
            "--scale",
            str(args.scale),
            "--plan",
            str(args.workdir / "plan.json"),
            *(["--vans"] if args.vans else []),
        ],
        env=env,
    )


def copy_template(args, template):
    data_dir = args.workdir / "data"
    drop_db(args.db, data_dir)
    sh(["createdb", "-T", template, args.db])
    src = data_dir / "filestore" / template
    if src.exists():
        shutil.copytree(src, data_dir / "filestore" / args.db)


def wait_up(url, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except Exception:
            time.sleep(1)
    raise RuntimeError(f"Odoo did not answer on {url}")


def start_server(args, odoo_python, conf, workers, logfile):
    cmd = odoo_cmd(
        odoo_python,
        conf,
        args.db,
        f"--workers={workers}",
        "--max-cron-threads=1",
        f"--db-filter=^{args.db}$",
        "--limit-time-real=300",
        "--limit-time-cpu=240",
        "--limit-memory-soft=2147483648",
        "--limit-memory-hard=4294967296",
        "--limit-request=100000",
        "--log-level=warn",
        # one line per request with its query count and SQL / other seconds
        "--log-handler=werkzeug:INFO",
    )
    log(" ".join(cmd))
    proc = subprocess.Popen(
        cmd,
        stdout=open(logfile, "w"),
        stderr=subprocess.STDOUT,
        env=dict(os.environ, TZ="UTC"),
        start_new_session=True,
    )
    wait_up(f"http://127.0.0.1:{args.port}/web/login")
    return proc


def warm_up(args, plan, workers):
    """Every worker loads the registry and the portal's assets before the measured run:
    a few rounds of concurrent logins and pages, not counted."""
    import http.cookiejar  # noqa: PLC0415
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    base = f"http://127.0.0.1:{args.port}"

    def one(k):
        login = plan["portal"][k % len(plan["portal"])]["login"]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(f"{base}/web/login", timeout=300).read().decode()
        token = re.search(r'name="csrf_token"\s+value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {"login": login, "password": login, "csrf_token": token, "redirect": "/my"}
        ).encode()
        opener.open(f"{base}/web/login", data=data, timeout=300).read()
        for url in ("/my/service_requests", "/my/complaints", "/my/service_requests/new"):
            opener.open(base + url, timeout=300).read()

    t0 = time.time()
    with ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(one, range(workers * 4)))
    log(f"warm-up {time.time() - t0:.0f} s")


def cpu_seconds(server_pid, db):
    """CPU seconds used so far by the server's processes (its process group, the exited
    children included) and by the PostgreSQL backends of ``db``: the cost of the work,
    less sensitive than wall time to the other jobs of a shared machine."""
    tick = os.sysconf("SC_CLK_TCK")
    odoo_cpu = pg_cpu = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pgrp = int(fields[2])
        used = sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
        if pgrp == server_pid:
            odoo_cpu += used
        elif cmdline.startswith("postgres: ") and f" {db} " in cmdline:
            pg_cpu += used
    return odoo_cpu, pg_cpu


# what the scheduled actions woken by a user's save still have to do after it
PENDING_SQL = (
    "SELECT (SELECT count(*) FROM aftersales_return_visit WHERE followup_pending) + "
    "(SELECT count(*) FROM aftersales_return_visit WHERE survey_mail_pending) + "
    "(SELECT count(*) FROM aftersales_complaint WHERE escalation_pending) + "
    "(SELECT count(*) FROM mail_activity WHERE aftersales_notify_pending)"
)


def wait_for_followups(db, timeout=120):
    """Seconds until the scheduled actions woken by the users' saves have issued every
    follow-up (to-dos, surveys, notifications), the load stopped; None after ``timeout``."""
    start = time.time()
    while time.time() - start < timeout:
        out = subprocess.run(
            ["psql", "-d", db, "-tAc", PENDING_SQL], capture_output=True, text=True, check=False
        ).stdout.strip()
        if out == "0":
            return time.time() - start
        time.sleep(0.5)
    return None


class LockMonitor(threading.Thread):
    """Samples pg_stat_activity twice a second during the run: the statements waiting for
    a lock and the statements of the sessions blocking them."""

    SQL = (
        "SELECT w.query, coalesce(b.query, '') FROM pg_stat_activity w "
        "LEFT JOIN LATERAL unnest(pg_blocking_pids(w.pid)) bp(pid) ON true "
        "LEFT JOIN pg_stat_activity b ON b.pid = bp.pid "
        "WHERE w.datname = '{db}' AND w.wait_event_type = 'Lock'"
    )

    def __init__(self, db):
        super().__init__(daemon=True)
        self.db = db
        self.samples = 0
        self.waits = {}
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(0.5):
            out = subprocess.run(
                ["psql", "-d", self.db, "-tAF", "\x1f", "-c", self.SQL.format(db=self.db)],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            self.samples += 1
            for line in out.splitlines():
                waiting, __, blocking = line.partition("\x1f")
                key = (" ".join(waiting.split())[:90], " ".join(blocking.split())[:90])
                self.waits[key] = self.waits.get(key, 0) + 1

    def report(self):
        top = sorted(self.waits.items(), key=lambda kv: -kv[1])[:6]
        return {"samples": self.samples, "top": [[w, b, n] for (w, b), n in top]}


def stop_server(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run_locust(args, locust, plan_path, prefix):
    env = dict(
        os.environ,
        LOAD_PLAN=str(plan_path),
        LOAD_THINK=str(args.think),
        LOAD_SAMPLES=f"{prefix}_samples.tsv",
    )
    cmd = [
        str(locust),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{args.port}",
        "-u",
        str(args.users),
        "-r",
        str(args.users),
        "-t",
        f"{args.duration}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
    ]
    Path(f"{prefix}_samples.tsv").unlink(missing_ok=True)
    with open(f"{prefix}.log", "w") as logf:
        subprocess.run(cmd, env=env, stdout=logf, stderr=subprocess.STDOUT, check=False)


def server_errors(logfile):
    """Tracebacks of the server log by kind (what reached the log, retried or not)."""
    text = Path(logfile).read_text(errors="replace")
    return {
        "ERROR lines": len(re.findall(r" ERROR ", text)),
        "serialization failures (retried by Odoo unless in the table)": text.count(
            "could not serialize"
        ),
        "deadlocks": text.count("deadlock detected"),
        "lock not available": text.count("could not obtain lock"),
        "unique violations": text.count("duplicate key value"),
        "access errors": text.count("AccessError"),
        "worker timeouts or kills": len(re.findall(r"(?i)timeout|virtual memory limit", text)),
    }


# ====================================================================== pages
def measure_pages(args, odoo_python, conf, plan):
    """Portal pages of a customer with 1,000 requests and of one with 10, through the
    server (workers=2): seconds (median of 5) and queries (from the request log line)."""
    import http.cookiejar  # noqa: PLC0415

    logfile = args.workdir / "odoo_pages.log"
    copy_template(args, f"{args.db}_tpl")
    cmd_extra = ["--log-handler=werkzeug:INFO"]
    proc = subprocess.Popen(
        odoo_cmd(
            odoo_python,
            conf,
            args.db,
            "--workers=2",
            "--max-cron-threads=0",
            f"--db-filter=^{args.db}$",
            "--limit-time-real=300",
            *cmd_extra,
        ),
        stdout=open(logfile, "w"),
        stderr=subprocess.STDOUT,
        env=dict(os.environ, TZ="UTC"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    try:
        wait_up(f"{base}/web/login")
        for key in ("load_big", "load_small"):
            login = plan[key]["login"]
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            html = opener.open(f"{base}/web/login").read().decode()
            token = re.search(r'name="csrf_token"\s+value="([^"]+)"', html).group(1)
            data = urllib.parse.urlencode(
                {"login": login, "password": login, "csrf_token": token, "redirect": "/my"}
            ).encode()
            opener.open(f"{base}/web/login", data=data).read()
            for url in (
                "/my/home",
                "/my/service_requests",
                "/my/service_requests?filterby=open",
                "/my/service_requests/page/10",
                # plain Odoo's portal list of the same size: as many posted invoices
                "/my/invoices",
                "/my/invoices/page/10",
            ):
                times = []
                start = logfile.stat().st_size
                for __ in range(6):
                    t0 = time.perf_counter()
                    opener.open(base + url).read()
                    times.append(time.perf_counter() - t0)
                times = sorted(times[1:])
                rows.append(
                    {
                        "customer": f"{login} ({plan[key]['requests']} requests)",
                        "url": url,
                        "ms": round(times[len(times) // 2] * 1000, 1),
                        "queries": _logged_queries(logfile, start, url),
                    }
                )
    finally:
        stop_server(proc)
    # each list page against plain Odoo's invoice list page of the same customer and size
    plain = {(r["customer"], r["url"]): r["ms"] for r in rows}
    for row in rows:
        twin = PLAIN_PAGE.get(row["url"].split("?")[0])
        base = plain.get((row["customer"], twin))
        row["plain"] = f"{row['ms'] / base:.2f}x of {twin}" if base else ""
    return rows


def _logged_queries(logfile, start, url, tries=20):
    """The queries of the last 5 of the 6 requests of ``url`` logged after byte ``start``:
    the request log line ends with "<queries> <sql s> <other s>" (1 warm-up left out)."""
    pattern = re.compile(rf'"GET {re.escape(url)} HTTP/1.1" 200 - (\d+) ')
    counts = []
    for __ in range(tries):  # a worker writes its line once the response is sent
        with open(logfile, "rb") as f:
            f.seek(start)
            counts = [int(q) for q in pattern.findall(f.read().decode(errors="replace"))]
        if len(counts) >= 6:
            break
        time.sleep(0.05)
    seen = sorted(set(counts[1:])) or ["?"]
    return "/".join(str(q) for q in seen)


def server_side(logfile):
    """Per route (ids replaced by <id>): requests, median queries, median server ms (SQL +
    Python), from the request log lines ``"POST /path HTTP/1.1" 200 - queries sql other``."""
    per = {}
    pattern = re.compile(r'"(GET|POST) (\S+) HTTP/1.1" (\d+) - (\d+) ([\d.]+) ([\d.]+)')
    for line in Path(logfile).read_text(errors="replace").splitlines():
        match = pattern.search(line)
        if not match:
            continue
        method, path, __, queries, sql, other = match.groups()
        path = re.sub(r"/\d+", "/<id>", path.split("?")[0])
        per.setdefault(f"{method} {path}", []).append(
            (int(queries), 1000 * (float(sql) + float(other)), 1000 * float(sql))
        )

    def median(values):
        values = sorted(values)
        return values[len(values) // 2]

    return {
        route: {
            "count": len(rows),
            "queries": median([r[0] for r in rows]),
            "ms": median([r[1] for r in rows]),
            "sql_ms": median([r[2] for r in rows]),
        }
        for route, rows in per.items()
    }


# ====================================================================== report
def read_stats(prefix):
    stats = {}
    with open(f"{prefix}_stats.csv") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                stats["Aggregated"] = row
                continue
            stats[row["Name"]] = row
    errors = {}
    with open(f"{prefix}_failures.csv") as f:
        for row in csv.DictReader(f):
            match = re.search(r"(" + "|".join(CATEGORIES) + r"):", row["Error"])
            kind = match.group(1) if match else "other"
            per = errors.setdefault(row["Name"], {})
            per[kind] = per.get(kind, 0) + int(row["Occurrences"])
            per.setdefault("_examples", []).append(row["Error"][:200])
    return stats, errors


def table(stats, errors):
    lines = [
        "| Operation | Requests | req/s | p50 ms | p95 ms | p99 ms "
        "| HTTP 500 | access | serialization | lock | unique | refused (user error) | other |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = sorted(n for n in stats if n != "Aggregated")
    for name in [*names, "Aggregated"]:
        row = stats.get(name)
        if not row:
            continue
        err = errors.get(name, {})
        if name == "Aggregated":
            err = {}
            for per in errors.values():
                for k, v in per.items():
                    if k != "_examples":
                        err[k] = err.get(k, 0) + v
        lines.append(
            f"| {name} | {row['Request Count']} | {float(row['Requests/s']):.2f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} | "
            + " | ".join(str(err.get(k, 0)) for k in CATEGORIES)
            + " |"
        )
    return "\n".join(lines)


def ratio_table(results):
    labels = list(results)
    head = "| Ours / plain Odoo, p50 and p95 | " + " | ".join(labels) + " |"
    lines = [head, "|---|" + "---:|" * len(labels)]
    for ours, base in RATIOS:
        cells = []
        for label in labels:
            stats = results[label]["stats"]
            if ours in stats and base in stats and float(stats[base]["95%"]):
                p50 = float(stats[ours]["50%"]) / max(float(stats[base]["50%"]), 1.0)
                p95 = float(stats[ours]["95%"]) / float(stats[base]["95%"])
                cells.append(f"{p50:.2f}x / {p95:.2f}x")
            else:
                cells.append("-")
        lines.append(f"| {ours} / {base} | " + " | ".join(cells) + " |")
    agg = [results[label]["stats"].get("Aggregated") for label in labels]
    lines.append(
        "| **throughput, all operations (req/s)** | "
        + " | ".join(f"{float(a['Requests/s']):.1f}" if a else "-" for a in agg)
        + " |"
    )
    cpu = []
    for label, a in zip(labels, agg, strict=True):
        total = sum(results[label]["cpu"])
        cpu.append(f"{1000 * total / int(a['Request Count']):.0f}" if a and total else "-")
    lines.append("| **CPU ms per request (Odoo + PostgreSQL)** | " + " | ".join(cpu) + " |")
    return "\n".join(lines)


def percentile(values, q):
    """The ``q`` percentile of ``values`` (nearest rank, like Locust's)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def pooled_ratio_table(workdir, counts, rounds):
    """Ratios of p50 and p95 over every request of every round of a worker count (the
    response times Locust saw, one line a request): a p95 over a few hundred requests
    instead of the five slowest of one run."""
    samples = {}
    for workers in counts:
        per_name = samples.setdefault(workers, {})
        for round_ in range(rounds):
            path = workdir / f"locust_w{workers}_r{round_}_samples.tsv"
            if not path.exists():
                continue
            for line in path.read_text().splitlines():
                name, __, ms = line.rpartition("\t")
                per_name.setdefault(name, []).append(float(ms))
    labels = [f"workers={w}" for w in counts]
    lines = [
        f"| Ours / plain Odoo, p50 and p95 ({rounds} round(s) pooled; requests) | "
        + " | ".join(labels)
        + " |",
        "|---|" + "---:|" * len(labels),
    ]
    for ours, base in RATIOS:
        cells = []
        for workers in counts:
            mine, plain = samples[workers].get(ours), samples[workers].get(base)
            if not mine or not plain:
                cells.append("-")
                continue
            p50 = percentile(mine, 50) / max(percentile(plain, 50), 1.0)
            p95 = percentile(mine, 95) / max(percentile(plain, 95), 1.0)
            cells.append(f"{p50:.2f}x / {p95:.2f}x ({len(mine)}; {len(plain)})")
        lines.append(f"| {ours} / {base} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="2,4", help="comma separated worker counts")
    parser.add_argument(
        "--users",
        type=int,
        default=20,
        help="at most 20: the fixed counts of the user classes (8 portal, 5 desk, "
        "4 technicians, 2 managers, 1 cron driver) add up to 20",
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument(
        "--scale", type=float, default=0.1, help="bench volume (bench.py --scale); 1.0 = full"
    )
    parser.add_argument("--db", default="aftersales_load", help="the run's database")
    parser.add_argument(
        "--rounds", type=int, default=1, help="run the worker counts this many times, in turn"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the template again")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also measure the portal pages of a customer with 1,000 requests and the lists",
    )
    parser.add_argument(
        "--vans",
        action="store_true",
        help="each technician takes the part from a van of his own (his jobs and his plain "
        "repair orders alike) instead of all from WH/Stock: no stock row shared by the "
        "technicians (with --rebuild)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="the users' think time as a factor (0: none, a saturating load that shows what "
        "the server can serve)",
    )
    parser.add_argument("--port", type=int, default=8269)
    parser.add_argument("--gevent-port", type=int, default=8272)
    parser.add_argument("--db-user", default=os.environ.get("USER", "odoo"))
    parser.add_argument(
        "--odoo-python",
        default=str(Path.home() / ".cache/aftersales/venv-odoo18/bin/python"),
    )
    parser.add_argument("--locust-venv", default=str(Path.home() / ".cache/aftersales/venv-locust"))
    parser.add_argument("--workdir", default="/tmp/aftersales-load")
    args = parser.parse_args()
    args.workdir = Path(args.workdir)
    (args.workdir / "data").mkdir(parents=True, exist_ok=True)
    started = time.time()

    locust = ensure_locust(Path(args.locust_venv))
    conf = write_conf(args, args.odoo_python)
    template = f"{args.db}_tpl"
    if args.rebuild or not db_exists(template) or not (args.workdir / "plan.json").exists():
        build_template(args, args.odoo_python, conf, template)
    plan = json.loads((args.workdir / "plan.json").read_text())
    plan["db"] = args.db
    plan_path = args.workdir / "plan_run.json"
    plan_path.write_text(json.dumps(plan))

    results = {}
    counts = [int(w) for w in args.workers.split(",")]
    for round_, workers in [(r, w) for r in range(args.rounds) for w in counts]:
        label = f"workers={workers}" + (f", round {round_ + 1}" if args.rounds > 1 else "")
        copy_template(args, template)
        logfile = args.workdir / f"odoo_w{workers}_r{round_}.log"
        proc = start_server(args, args.odoo_python, conf, workers, logfile)
        warm_up(args, plan, workers)
        since = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
        prefix = args.workdir / f"locust_w{workers}_r{round_}"
        monitor = LockMonitor(args.db)
        monitor.start()
        cpu_before = cpu_seconds(proc.pid, args.db)
        load_before = os.getloadavg()[0]
        drained = None
        try:
            log(f"workers={workers}: {args.users} users for {args.duration} s")
            run_locust(args, locust, plan_path, prefix)
            drained = wait_for_followups(args.db)
            log(f"follow-ups issued {drained and round(drained, 1)} s after the load stopped")
        finally:
            monitor.stop.set()
            cpu_after = cpu_seconds(proc.pid, args.db)
            stop_server(proc)
        load_after = os.getloadavg()[0]
        out = args.workdir / f"check_w{workers}_r{round_}.json"
        sh(
            [
                args.odoo_python,
                str(HERE / "odoo_side.py"),
                "check",
                "-c",
                str(conf),
                "-d",
                args.db,
                "--since",
                since,
                "--out",
                str(out),
            ],
            env=dict(os.environ, TZ="UTC"),
        )
        stats, errors = read_stats(prefix)
        results[label] = {
            "load": (load_before, load_after),
            "drained": drained,
            "locks": monitor.report(),
            "cpu": [b - a for a, b in zip(cpu_before, cpu_after, strict=True)],
            "stats": stats,
            "errors": errors,
            "checks": json.loads(out.read_text()),
            "server": server_errors(logfile),
            "routes": server_side(logfile),
        }
    pages_rows = []
    if args.pages:
        pages_rows = measure_pages(args, args.odoo_python, conf, plan)
        sh(
            [
                args.odoo_python,
                str(HERE / "odoo_side.py"),
                "pages",
                "-c",
                str(conf),
                "-d",
                args.db,
                "--plan",
                str(plan_path),
                "--out",
                str(args.workdir / "pages.json"),
            ],
            env=dict(os.environ, TZ="UTC"),
        )

    report = [
        f"Load test {datetime.now():%Y-%m-%d %H:%M}: {args.users} users, {args.duration} s "
        f"per run, bench scale {args.scale}, {os.cpu_count()} CPU(s)\n"
    ]
    for label, res in results.items():
        report.append(
            f"\n#### {label} (load average {res['load'][0]:.1f} before, "
            f"{res['load'][1]:.1f} after)\n"
        )
        report.append(table(res["stats"], res["errors"]))
        report.append("\nIntegrity checks after the run:\n")
        drained = res["drained"]
        report.append(
            f"- {'OK' if drained is not None else 'FAILED'}: every follow-up left to the "
            "scheduled actions (to-dos, surveys, notifications) issued "
            + (f"{drained:.1f} s after the load stopped" if drained is not None else "in 120 s")
        )
        for c in res["checks"]["checks"]:
            report.append(f"- {'OK' if c['ok'] else 'FAILED'}: {c['check']} {c['detail']}")
        report.append(
            "\nWritten by the run: "
            + ", ".join(f"{k} {v}" for k, v in res["checks"]["counts"].items())
        )
        report.append(
            "\nServer log: " + ", ".join(f"{k} {v}" for k, v in res["server"].items()) + "\n"
        )
        agg = res["stats"].get("Aggregated")
        count = int(agg["Request Count"]) if agg else 0
        odoo_cpu, pg_cpu = res["cpu"]
        if count:
            report.append(
                f"CPU: Odoo {odoo_cpu:.1f} s, PostgreSQL {pg_cpu:.1f} s for {count} requests = "
                f"{1000 * (odoo_cpu + pg_cpu) / count:.0f} ms of CPU per request; at that cost "
                f"{os.cpu_count()} cores serve at most "
                f"{os.cpu_count() * count / (odoo_cpu + pg_cpu):.0f} req/s\n"
            )
        report.append(
            "\nServer side (request log, medians): | Route | requests | queries | ms | SQL ms |"
        )
        report.append("|---|---:|---:|---:|---:|")
        for route, r in sorted(res["routes"].items()):
            if r["count"] >= 3:
                report.append(
                    f"| {route} | {r['count']} | {r['queries']} | {r['ms']:.0f} "
                    f"| {r['sql_ms']:.0f} |"
                )
        report.append("")
        locks = res["locks"]
        report.append(
            f"Lock waits: {sum(n for __, __, n in locks['top'])} waiting statements seen in "
            f"{locks['samples']} samples (every 0.5 s)"
            + ("" if not locks["top"] else ", most often:")
        )
        report.extend(f"- {n} x `{w}` blocked by `{b}`" for w, b, n in locks["top"])
        examples = [
            (name, ex) for name, per in res["errors"].items() for ex in per.get("_examples", [])[:2]
        ]
        if examples:
            report.append("Failures (first of each operation):\n")
            report.extend(f"- {name}: `{ex}`" for name, ex in examples[:20])
    if args.pages:
        report.append("\n#### Pages on the bench volume\n")
        report.append("| Customer | Page | ms (median of 5) | queries | against plain Odoo |")
        report.append("|---|---|---:|---:|---|")
        report.extend(
            f"| {r['customer']} | {r['url']} | {r['ms']} | {r['queries']} | {r['plain']} |"
            for r in pages_rows
        )
        listing = json.loads((args.workdir / "pages.json").read_text())["rows"]
        report.append(
            "\n| List view (web_search_read, the view's fields) | records | total | ms | queries |"
        )
        report.append("|---|---:|---:|---:|---:|")
        report.extend(
            f"| {r['page']} | {r['records']} | {r['total']} | {r['seconds'] * 1000:.0f} "
            f"| {r['queries']} |"
            for r in listing
        )
    report.append("\n#### Ratios and scaling\n")
    report.append(ratio_table(results))
    report.append("\n#### Ratios over all the requests of each worker count\n")
    report.append(pooled_ratio_table(args.workdir, counts, args.rounds))
    text = "\n".join(report)
    (args.workdir / "results.md").write_text(text)
    (args.workdir / "results.json").write_text(json.dumps(results, indent=1, default=str))
    print(text)
    if not args.keep:
        drop_db(args.db, args.workdir / "data")
        drop_db(template, args.workdir / "data")
        (args.workdir / "plan.json").unlink(missing_ok=True)
    log(f"total {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
