#!/usr/bin/env python3
"""bench/board_client.py — the measuring half of bench/board.sh (see there).

Measures, in one run, on the same generated MTB CSV:
  1. import: hired `mtb.import` (wall time of the RPC) vs `sqlite3 plain.db` `.import --csv`,
     three of each, interleaved, compared by their medians;
  2. hired's peak memory (VmHWM of the daemon) after the import, and after the warm calls;
  3. a three-column exact filter: hired `mtb.filter` over the socket vs DuckDB on its
     loaded in-memory table (median latency), and hired's first one after the import and
     after a daemon restart (the median of three restarts);
  4. drop-down values of the 20 columns: hired `mtb.values` x 20 vs DuckDB GROUP BY x 20
     (median time of one pass), and hired's first pass after the import and after a restart;
  5. re-imports with mode replace: the same file, and a copy with 1% of its rows changed,
     each against sqlite3's import of the file into an empty database.
Writes a plain table to stdout and Markdown to --out.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time


from hired_rpc import (  # noqa: E402
    Hired, die, machine_rows, markdown_tables, print_report, proc_cpu_seconds, proc_status, write_markdown)


def median_ms(samples):
    return statistics.median(samples) * 1000.0


def changed_copy(source, target, every=100):
    """Writes `source` with one row in `every` changed (its Notes column); returns how many."""
    import csv
    changed = 0
    with open(source, newline="") as f, open(target, "w", newline="") as out:
        reader, writer = csv.reader(f), csv.writer(out)
        header = next(reader)
        notes = header.index("Notes")
        writer.writerow(header)
        for n, row in enumerate(reader):
            if n % every == every // 2:
                row[notes] = f"changed in the re-import benchmark {n}"
                changed += 1
            writer.writerow(row)
    return changed


class Daemon:
    """The hired started by board.sh, restarted in place (same command line, same data)."""

    def __init__(self, pid, socket_path):
        self.pid, self.socket_path = pid, socket_path
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            self.argv = [a.decode() for a in f.read().split(b"\0") if a]
        self.child = None

    def restart(self):
        os.kill(self.pid, 15)
        if self.child:
            self.child.wait()
        else:
            while os.path.exists(f"/proc/{self.pid}") and "zombie" not in open(f"/proc/{self.pid}/status").read():
                time.sleep(0.02)
        log_file = open(os.path.join(os.path.dirname(self.socket_path), "log"), "ab")
        self.child = subprocess.Popen(self.argv, stderr=log_file)
        self.pid = self.child.pid
        for _ in range(300):
            if os.path.exists(self.socket_path):
                try:
                    Hired(self.socket_path).close()
                    return
                except OSError:
                    pass
            time.sleep(0.02)
        die("hired did not come back after the restart")

    def stop(self):
        if self.child:
            self.child.terminate()
            self.child.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--filter", default="state=NY,cat=Hot,visa=No")
    ap.add_argument("--filter-calls", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--passes", type=int, default=20)
    ap.add_argument("--sqlite3", default="sqlite3")
    ap.add_argument("--out", required=True)
    ap.add_argument("--perf", help="record the import with `perf record -g` into this file")
    args = ap.parse_args()

    import duckdb  # installed by board.sh when missing

    file_size = os.path.getsize(args.csv)
    load_start = os.getloadavg()
    log = lambda message: print(f"board: {message}", file=sys.stderr, flush=True)

    # ---- 1a. sqlite3 .import --csv into a new plain database ------------------------------
    # The import is timed three times each way, every hired import right after a sqlite3 one
    # (this VM's speed drifts by 10% from one minute to the next): the ratio is of the medians.
    # The first two hired imports go to fresh daemons of their own (same command line, new
    # data dir); the third is the run's daemon, whose board the rest of the benchmark uses.
    plain = os.path.join(args.workdir, "plain.db")
    script = f".mode csv\n.import --csv '{args.csv}' jobs\n"
    import resource
    children_cpu = lambda: (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN))

    def sqlite_import_once():
        if os.path.exists(plain):
            os.unlink(plain)
        log("sqlite3 .import ...")
        cpu_before = children_cpu()
        start = time.perf_counter()
        done = subprocess.run([args.sqlite3, plain], input=script.encode(), capture_output=True)
        wall, cpu = time.perf_counter() - start, children_cpu() - cpu_before
        if done.returncode != 0 or done.stderr.strip():
            die(f"sqlite3 .import failed (exit {done.returncode}): {done.stderr.decode(errors='replace').strip()}")
        log(f"sqlite3 .import: {wall:.2f} s")
        return wall, cpu

    def fresh_hired_import(n):
        """One import into an empty board, in a daemon started for it alone."""
        with open(f"/proc/{args.pid}/cmdline", "rb") as f:
            argv = [a.decode() for a in f.read().split(b"\0") if a]
        place = os.path.join(args.workdir, f"fresh{n}")
        os.mkdir(place)
        socket_path = os.path.join(place, "s")
        argv[argv.index("--socket") + 1] = socket_path
        argv[argv.index("--data-dir") + 1] = os.path.join(place, "data")
        child = subprocess.Popen(argv, stderr=open(os.path.join(place, "log"), "ab"))
        try:
            for _ in range(300):
                if os.path.exists(socket_path):
                    break
                time.sleep(0.02)
            client = Hired(socket_path)
            client.call("auth.register", {"username": "bench", "email": "bench@example.com",
                                          "password": "benchmark passphrase", "role": "recruiter"})
            client.call("auth.login", {"login": "bench", "password": "benchmark passphrase"})
            log(f"hired mtb.import (fresh daemon {n}) ...")
            start = time.perf_counter()
            outcome = client.call("mtb.import", {"path": os.path.abspath(args.csv)})
            wall = time.perf_counter() - start
            if outcome.get("inserted") != args.rows:
                die(f"mtb.import (fresh daemon {n}) inserted {outcome.get('inserted')} rows: {json.dumps(outcome)}")
            log(f"hired mtb.import (fresh daemon {n}): {wall:.2f} s")
            client.close()
            return wall
        finally:
            child.terminate()
            child.wait()
            subprocess.run(["rm", "-rf", place])

    sqlite_samples, hired_samples = [], []
    for n in range(2):
        sqlite_samples.append(sqlite_import_once())
        hired_samples.append(fresh_hired_import(n))
    sqlite_samples.append(sqlite_import_once())
    sqlite_import_cpu = sqlite_samples[-1][1]
    counted = subprocess.run([args.sqlite3, plain, "SELECT count(*) FROM jobs"], capture_output=True, check=True)
    sqlite_rows = int(counted.stdout.strip())
    if sqlite_rows != args.rows:
        die(f"sqlite3 imported {sqlite_rows} rows, expected {args.rows}")
    plain_size = os.path.getsize(plain)
    sqlite_import = statistics.median(wall for wall, _ in sqlite_samples)

    # ---- 1b. hired mtb.import -------------------------------------------------------------
    hired = Hired(args.socket)
    status = hired.call("daemon.status")
    hired.call("auth.register", {"username": "bench", "email": "bench@example.com",
                                 "password": "benchmark passphrase", "role": "recruiter"})
    login = lambda client: client.call("auth.login", {"login": "bench", "password": "benchmark passphrase"})
    login(hired)
    columns = hired.call("mtb.columns")["columns"]
    if len(columns) != 20:
        die(f"mtb.columns gave {len(columns)} columns, expected 20")
    header_of = {c["key"]: c["header"] for c in columns}
    mem_before = proc_status(args.pid)

    log("hired mtb.import ...")
    perf = None
    if args.perf:
        perf = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(args.pid), "-o", args.perf],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # let perf attach
    cpu0 = proc_cpu_seconds(args.pid)
    start = time.perf_counter()
    result = hired.call("mtb.import", {"path": os.path.abspath(args.csv)})
    hired_import_last = time.perf_counter() - start
    hired_import_cpu = proc_cpu_seconds(args.pid) - cpu0
    hired_samples.append(hired_import_last)
    hired_import = statistics.median(hired_samples)
    mem_after = proc_status(args.pid)
    if perf:
        perf.send_signal(2)
        perf.wait()
        log(f"perf data of the import: {args.perf} (timings of this run include perf's overhead)")
    if result.get("errors"):
        die(f"mtb.import reported errors: {json.dumps(result['errors'][:10])}")
    if result.get("inserted") != args.rows:
        die(f"mtb.import inserted {result.get('inserted')} rows, expected {args.rows}: {json.dumps(result)}")
    log(f"hired mtb.import: {hired_import_last:.2f} s ({hired_import_cpu:.2f} s CPU), "
        f"VmHWM {mem_after['VmHWM']:.0f} MiB")
    keys = [c["key"] for c in columns]

    def hired_pass(client):
        replies = {}
        start = time.perf_counter()
        for key in keys:
            replies[key] = client.call("mtb.values", {"column": key})
        return time.perf_counter() - start, replies

    # ---- cold after the import: the first drop-downs, the first filter ---------------------
    filters = {}
    for part in args.filter.split(","):
        key, _, value = part.partition("=")
        if key not in header_of:
            die(f"filter column {key!r} is not a board column ({', '.join(header_of)})")
        filters[key] = value
    filter_params = {"filters": filters, "save": False}
    values_after_import, _ = hired_pass(hired)
    start = time.perf_counter()
    first = hired.call("mtb.filter", filter_params)
    filter_after_import = time.perf_counter() - start
    log(f"after the import: first drop-downs {values_after_import * 1000:.1f} ms, first filter {filter_after_import * 1000:.1f} ms")
    data_dir_size = 0
    for dirpath, _, files in os.walk(os.path.join(args.workdir, "data")):
        for name in files:
            try:
                data_dir_size += os.path.getsize(os.path.join(dirpath, name))
            except OSError:
                pass

    # ---- DuckDB: load the same CSV into an in-memory table ---------------------------------
    log("duckdb load ...")
    con = duckdb.connect(":memory:")
    start = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv_auto(?, header = true, all_varchar = true)", [args.csv])
    duck_load = time.perf_counter() - start
    duck_rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    if duck_rows != args.rows:
        die(f"duckdb loaded {duck_rows} rows, expected {args.rows}")
    duck_columns = [row[0] for row in con.execute("DESCRIBE t").fetchall()]
    for key, header in header_of.items():
        if header not in duck_columns:
            die(f"duckdb has no column {header!r} (has {duck_columns})")
    quote = lambda name: '"' + name.replace('"', '""') + '"'
    log(f"duckdb load: {duck_load:.2f} s")

    # ---- 3. three-column exact filter ------------------------------------------------------
    for _ in range(args.warmup):
        hired.call("mtb.filter", filter_params)
    samples = []
    for _ in range(args.filter_calls):
        start = time.perf_counter()
        reply = hired.call("mtb.filter", filter_params)
        samples.append(time.perf_counter() - start)
    hired_filter = median_ms(samples)
    hired_filter_p90 = sorted(samples)[int(len(samples) * 0.9)] * 1000

    where = " AND ".join(f"{quote(header_of[k])} = ?" for k in filters)
    filter_sql = f"SELECT {quote(header_of['jobId'])} FROM t WHERE {where}"
    filter_args = list(filters.values())
    for _ in range(args.warmup):
        duck_ids = con.execute(filter_sql, filter_args).fetchall()
    samples = []
    for _ in range(args.filter_calls):
        start = time.perf_counter()
        duck_ids = con.execute(filter_sql, filter_args).fetchall()
        samples.append(time.perf_counter() - start)
    duck_filter = median_ms(samples)
    matched = reply["total"]
    if sorted(reply["jobIds"]) != sorted(r[0] for r in duck_ids):
        die(f"filter results differ: hired {reply['total']} rows, duckdb {len(duck_ids)} rows")
    if first["total"] != matched:
        die(f"the first filter gave {first['total']} rows, later ones {matched}")
    log(f"filter ({matched} rows): hired {hired_filter:.3f} ms, duckdb {duck_filter:.3f} ms")

    # ---- 4. drop-down values of the 20 columns ---------------------------------------------
    _, hired_values = hired_pass(hired)
    hired_passes = [hired_pass(hired)[0] for _ in range(args.passes)]
    hired_values_ms = median_ms(hired_passes)
    returned = {k: len(v["values"]) for k, v in hired_values.items()}

    value_sql = {k: f"SELECT {quote(header_of[k])}, count(*) FROM t GROUP BY 1 ORDER BY 2 DESC" for k in keys}

    def duck_pass(sqls):
        groups = {}
        start = time.perf_counter()
        for key in keys:
            groups[key] = con.execute(sqls[key]).fetchall()
        return time.perf_counter() - start, groups

    _, duck_groups = duck_pass(value_sql)
    duck_passes = [duck_pass(value_sql)[0] for _ in range(args.passes)]
    duck_values_ms = median_ms(duck_passes)
    # For reference: DuckDB asked for no more than hired returns (hired's default limit).
    limited_sql = {k: value_sql[k] + f" LIMIT {max(returned[k], 1)}" for k in keys}
    duck_pass(limited_sql)
    duck_limited_ms = median_ms([duck_pass(limited_sql)[0] for _ in range(args.passes)])

    # Sanity: hired's top counts match DuckDB's for every column (empty/NULL left out).
    for key in keys:
        want = {v: c for v, c in duck_groups[key] if v not in (None, "")}
        for entry in hired_values[key]["values"]:
            if want.get(entry["value"]) != entry["count"]:
                die(f"mtb.values {key}: {entry['value']!r} count {entry['count']}, duckdb {want.get(entry['value'])}")
    log(f"values x20: hired {hired_values_ms:.2f} ms, duckdb {duck_values_ms:.2f} ms")
    # ---- jobs.list: a filtered page of 50 sorted by one column (first call, then median of 20) ----
    list_times = {}
    for by in ("company", "notes", "salary", "received"):
        params = {"filters": {"state": filters.get("state", "NY")}, "sort": {"by": by, "order": "asc"}, "limit": 50}
        start = time.perf_counter()
        page = hired.call("jobs.list", params)
        first_list = time.perf_counter() - start
        samples = []
        for _ in range(20):
            start = time.perf_counter()
            hired.call("jobs.list", params)
            samples.append(time.perf_counter() - start)
        list_times[by] = (first_list * 1000, median_ms(samples), page["total"])
        log(f"jobs.list sorted by {by}: first {first_list * 1000:.1f} ms, median {median_ms(samples):.1f} ms ({page['total']} rows match)")
    mem_warm = proc_status(args.pid)
    hired.close()

    # ---- cold after a restart: the first filter, then (after another) the first drop-downs ----
    daemon = Daemon(args.pid, args.socket)
    try:
        # Three restarts, each timed on its first filter: the median is reported.
        restart_samples = []
        for _ in range(3):
            daemon.restart()
            hired = Hired(args.socket)
            login(hired)
            start = time.perf_counter()
            restarted = hired.call("mtb.filter", filter_params)
            restart_samples.append(time.perf_counter() - start)
            if sorted(restarted["jobIds"]) != sorted(reply["jobIds"]):
                die("the first filter after a restart differs from the warm one")
            hired.close()
        filter_after_restart = statistics.median(restart_samples)
        daemon.restart()
        hired = Hired(args.socket)
        login(hired)
        values_after_restart, replies = hired_pass(hired)
        if replies != hired_values:
            die("the first drop-downs after a restart differ from the warm ones")
        log(f"after a restart: first filter {filter_after_restart * 1000:.1f} ms, "
            f"first drop-downs {values_after_restart * 1000:.1f} ms")
        # Served warm by a daemon that did not import: every column's part read (a filter on
        # each column, a prefixed drop-down of each), then the peak.
        for key in keys:
            hired.call("mtb.filter", {"filters": {key: "no such value"}, "save": False})
            hired.call("mtb.values", {"column": key, "prefix": "a"})
        for _ in range(5):
            hired.call("mtb.filter", filter_params)
        mem_served = proc_status(daemon.pid)

        # ---- 5. re-imports (replace) of the same file and of one with 1% of rows changed ------
        changed_csv = os.path.join(args.workdir, "changed.csv")
        changed_rows = changed_copy(args.csv, changed_csv)
        reimports = {}
        for name, path in (("identical", args.csv), ("1% changed", changed_csv)):
            cpu0 = proc_cpu_seconds(daemon.pid)
            start = time.perf_counter()
            outcome = hired.call("mtb.import", {"path": os.path.abspath(path), "mode": "replace"})
            reimports[name] = (time.perf_counter() - start, outcome, proc_cpu_seconds(daemon.pid) - cpu0)
            log(f"re-import {name}: {reimports[name][0]:.2f} s, {json.dumps({k: outcome.get(k) for k in ('inserted', 'updated', 'unchanged', 'removed')})}")
        if reimports["identical"][1].get("unchanged") != args.rows or reimports["1% changed"][1].get("updated") != changed_rows:
            die(f"re-imports counted wrong: {json.dumps({k: v[1] for k, v in reimports.items()})}")
        start = time.perf_counter()
        after_changes = hired.call("mtb.filter", filter_params)
        filter_after_reimport = time.perf_counter() - start
        if sorted(after_changes["jobIds"]) != sorted(reply["jobIds"]):
            die("the filter after the re-imports differs (only Notes changed)")
        mem_reimport = proc_status(daemon.pid)
        hired.close()
    finally:
        daemon.stop()

    # ---- report -----------------------------------------------------------------------------
    sqlite_version = subprocess.run([args.sqlite3, "--version"], capture_output=True, text=True).stdout.split()
    sqlite_version = " ".join(sqlite_version[:2]) if sqlite_version else "?"
    filter_text = ", ".join(f"{k}={v}" for k, v in filters.items())
    mib = lambda n: n / (1 << 20)

    def verdict(ratio, target):
        return "MET" if ratio <= target else "NOT MET"

    r_import = hired_import / sqlite_import
    r_filter = hired_filter / duck_filter
    r_values = hired_values_ms / duck_values_ms
    duck_values_s = duck_values_ms / 1000
    duck_filter_s = duck_filter / 1000
    sqlite_ref = f"{sqlite_import:.2f} s (sqlite3 .import, median of 3)"
    rows = [
        ("import into an empty board, median of 3", f"{hired_import:.2f} s", sqlite_ref, f"{r_import:.2f}x", "<= 1x", verdict(r_import, 1.0)),
        ("re-import, same file (replace)", f"{reimports['identical'][0]:.2f} s", sqlite_ref,
         f"{reimports['identical'][0] / sqlite_import:.2f}x", "<= 1x", verdict(reimports['identical'][0] / sqlite_import, 1.0)),
        (f"re-import, 1% of rows changed ({changed_rows:,})", f"{reimports['1% changed'][0]:.2f} s", sqlite_ref,
         f"{reimports['1% changed'][0] / sqlite_import:.2f}x", "<= 0.5x", verdict(reimports['1% changed'][0] / sqlite_import, 0.5)),
        ("memory: VmHWM after the import", f"{mem_after['VmHWM']:.0f} MiB", "-", "-", "<= 200 MiB", verdict(mem_after["VmHWM"], 200)),
        ("memory: VmHWM served warm after a restart (every column read)", f"{mem_served['VmHWM']:.0f} MiB", "-", "-", "<= 300 MiB",
         verdict(mem_served["VmHWM"], 300)),
        (f"3-column filter, median of {args.filter_calls}", f"{hired_filter:.3f} ms", f"{duck_filter:.3f} ms (duckdb)",
         f"{r_filter:.2f}x", "<= 0.5x", verdict(r_filter, 0.5)),
        ("first filter after the import", f"{filter_after_import * 1000:.1f} ms", f"{duck_filter:.3f} ms (duckdb)",
         f"{filter_after_import / duck_filter_s:.2f}x", "<= 1x", verdict(filter_after_import / duck_filter_s, 1.0)),
        ("first filter after a restart, median of 3 restarts", f"{filter_after_restart * 1000:.1f} ms", f"{duck_filter:.3f} ms (duckdb)",
         f"{filter_after_restart / duck_filter_s:.2f}x", "<= 1x", verdict(filter_after_restart / duck_filter_s, 1.0)),
        (f"values of 20 columns, median of {args.passes} passes", f"{hired_values_ms:.2f} ms",
         f"{duck_values_ms:.2f} ms (duckdb)", f"{r_values:.3f}x", "<= 0.1x", verdict(r_values, 0.1)),
        ("first values of 20 columns after the import", f"{values_after_import * 1000:.1f} ms", f"{duck_values_ms:.2f} ms (duckdb)",
         f"{values_after_import / duck_values_s:.3f}x", "<= 0.1x", verdict(values_after_import / duck_values_s, 0.1)),
        *[(f"jobs.list page of 50, state filter, sorted by {by}, median of 20", f"{t[1]:.1f} ms (first {t[0]:.1f} ms)", "-", "-",
           "<= 50 ms", verdict(t[1], 50)) for by, t in list_times.items()],
        ("first values of 20 columns after a restart", f"{values_after_restart * 1000:.1f} ms", f"{duck_values_ms:.2f} ms (duckdb)",
         f"{values_after_restart / duck_values_s:.3f}x", "<= 0.1x", verdict(values_after_restart / duck_values_s, 0.1)),
    ]
    info = [
        ("rows", f"{args.rows:,}"),
        ("file size", f"{mib(file_size):.1f} MiB ({file_size:,} bytes)"),
        ("filter", f"{filter_text} -> {matched:,} rows (same ids from both)"),
        ("CPU time (user+sys) of the import / sqlite3's",
         f"{hired_import_cpu:.2f} s / {sqlite_import_cpu:.2f} s = {hired_import_cpu / sqlite_import_cpu:.2f}x (hired uses two threads)"),
        ("CPU time of the re-imports, identical / 1% changed",
         f"{reimports['identical'][2]:.2f} s / {reimports['1% changed'][2]:.2f} s "
         f"({reimports['identical'][2] / sqlite_import_cpu:.2f}x / {reimports['1% changed'][2] / sqlite_import_cpu:.2f}x sqlite3's CPU)"),
        ("imports, each sqlite3 then hired (the last hired one is the run's daemon)",
         ", ".join(f"{q:.2f} / {h:.2f} s" for (q, _), h in zip(sqlite_samples, hired_samples))),
        ("first filters after the three restarts", ", ".join(f"{t * 1000:.1f} ms" for t in restart_samples)),
        ("hired import result", json.dumps({k: result.get(k) for k in
                                             ("rows", "inserted", "updated", "unchanged", "removed", "skipped")})),
        ("hired VmHWM before import (after login)", f"{mem_before['VmHWM']:.0f} MiB"),
        ("hired VmRSS after import", f"{mem_after['VmRSS']:.0f} MiB"),
        ("hired VmHWM of the restarted daemon after the re-imports", f"{mem_reimport['VmHWM']:.0f} MiB"),
        ("first filter after the re-imports", f"{filter_after_reimport * 1000:.1f} ms"),
        ("hired VmHWM / VmRSS warm in the daemon that imported", f"{mem_warm['VmHWM']:.0f} / {mem_warm['VmRSS']:.0f} MiB"),
        ("hired filter p90", f"{hired_filter_p90:.3f} ms"),
        ("values returned per column (hired default limit)", ", ".join(f"{k} {n}" for k, n in returned.items())),
        ("duckdb values pass with LIMIT = hired's count (reference)", f"{duck_limited_ms:.2f} ms "
                                                                      f"(hired/that = {hired_values_ms / duck_limited_ms:.3f}x)"),
        ("duckdb CSV load (read_csv_auto, all VARCHAR)", f"{duck_load:.2f} s"),
        ("hired data dir after the run", f"{mib(data_dir_size):.0f} MiB"),
        ("sqlite3 plain.db", f"{mib(plain_size):.0f} MiB"),
        ("versions", f"hired {status.get('version', '?')}, sqlite3 {sqlite_version}, "
                     f"duckdb {duckdb.__version__}, python {platform.python_version()}"),
    ] + machine_rows(load_start)

    print_report(f"board benchmark: {args.rows:,} rows, {mib(file_size):.1f} MiB CSV", rows, info)

    # Markdown
    md = [f"# Board benchmark: {args.rows:,} rows\n",
          f"Generated by `bench/board.sh` with `gen_mtb.py --rows {args.rows} --seed 7` "
          f"({mib(file_size):.1f} MiB). Each figure is from the same run.\n"]
    md += markdown_tables(rows, info)
    md += ["", "Import: wall time of the `mtb.import` RPC (path, merge into an empty board) against "
               "`sqlite3 plain.db` running `.mode csv` / `.import --csv FILE jobs` into a new database; "
               "three of each, every hired import right after a sqlite3 one (the first two in fresh "
               "daemons started with the same command line), the medians compared. "
               f"Filter: `mtb.filter` with save false, {args.warmup} warm-up calls, the first call "
               "(index build) reported apart; DuckDB: the same equality filter returning the job ids "
               "from a table loaded in memory. Values: one pass = `mtb.values` for each of the 20 "
               "column keys (default parameters); DuckDB: `SELECT col, count(*) FROM t GROUP BY col "
               "ORDER BY 2 DESC` for each column, all rows fetched."]
    write_markdown(args.out, md)


if __name__ == "__main__":
    main()
