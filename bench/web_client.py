#!/usr/bin/env python3
"""bench/web_client.py — the measuring half of bench/web.sh (see there)."""

import argparse
import http.client
import os
import re
import statistics
import sys
import time
import urllib.parse

from hired_rpc import Hired, die, machine_rows, markdown_tables, print_report, write_markdown  # noqa: E402

def median_ms(samples):
    return statistics.median(samples) * 1000.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--filter", default="state=NY,cat=Hot")
    ap.add_argument("--calls", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    log = lambda message: print(f"web: {message}", file=sys.stderr, flush=True)
    filters = dict(part.split("=", 1) for part in args.filter.split(","))

    hired = Hired(args.socket)
    hired.call("auth.register", {"username": "bench", "email": "bench@example.com",
                                 "password": "benchmark passphrase", "role": "recruiter"})
    hired.call("auth.login", {"login": "bench", "password": "benchmark passphrase"})
    log(f"importing {args.rows} rows ...")
    imported = hired.call("mtb.import", {"path": os.path.abspath(args.csv)})
    if imported["rows"] != args.rows:
        die(f"imported {imported['rows']} rows, expected {args.rows}")
    columns = [c["key"] for c in hired.call("mtb.columns")["columns"]]

    # ---- over the socket: what the page asks, all in flight at once ------------------------
    values_params = [{"column": c, "limit": 200} for c in columns]

    def socket_page(list_params):
        ids = [hired._send("jobs.list", list_params)] + [hired._send("mtb.values", p) for p in values_params]
        hired.file.flush()
        return hired._replies("page", ids)[ids[0]]

    def socket_values():
        ids = [hired._send("mtb.values", p) for p in values_params]
        hired.file.flush()
        hired._replies("mtb.values", ids)

    # ---- over HTTP: log in as a browser would, then the board page -------------------------
    parsed = urllib.parse.urlsplit(args.url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=600)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"hire_csrf=([0-9a-f]{64})", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name=csrf value="([0-9a-f]{64})"', page).group(1)
    body = urllib.parse.urlencode({"csrf": token, "login": "bench", "password": "benchmark passphrase"})
    connection.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"hire_csrf={csrf_cookie}"})
    response = connection.getresponse()
    response.read()
    session = re.search(r"hire_session=([^;]+)", response.getheader("Set-Cookie")).group(1)
    cookie = f"hire_csrf={csrf_cookie}; hire_session={session}"
    path = "/board?" + urllib.parse.urlencode({f"f_{k}": v for k, v in filters.items()})

    def web_page(target):
        start = time.perf_counter()
        connection.request("GET", target, headers={"Cookie": cookie})
        response = connection.getresponse()
        first = time.perf_counter() - start
        content = response.read()
        full = time.perf_counter() - start
        if response.status != 200:
            die(f"GET {target}: {response.status}")
        return first, full, content

    # The same rows on both paths.
    filtered_params = {"filters": filters, "limit": 50}
    expected = socket_page(filtered_params)
    _, _, content = web_page(path)
    shown = re.findall(rb'<tr data-job="([^"]+)"', content)
    if [job["jobId"].encode() for job in expected["jobs"]] != shown:
        die("the page does not show the rows jobs.list gives")

    def timed(fn, n):
        for _ in range(args.warmup):
            fn()
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
        return samples

    load_start = os.getloadavg()
    r = {}
    log("socket ...")
    r["socket_filtered"] = timed(lambda: socket_page(filtered_params), args.calls)
    r["socket_unfiltered"] = timed(lambda: socket_page({"limit": 50}), args.calls)
    r["socket_list"] = timed(lambda: hired.call("jobs.list", filtered_params), args.calls)
    r["socket_values"] = timed(socket_values, args.calls)
    log("http ...")
    for name, target in [("filtered", path), ("unfiltered", "/board")]:
        for _ in range(args.warmup):
            web_page(target)
        firsts, fulls = [], []
        for _ in range(args.calls):
            first, full, content = web_page(target)
            firsts.append(first)
            fulls.append(full)
        r[f"{name}_first"], r[f"{name}_full"], r[f"{name}_bytes"] = firsts, fulls, len(content)

    def row(what, web, socket):
        w, s = median_ms(r[web]), median_ms(r[socket])
        return (what, f"{w:.1f} ms", f"{s:.1f} ms", f"{w / s:.2f}×", "–", "")

    rows = [
        row(f"board page filtered ({args.filter}): time to first byte", "filtered_first", "socket_filtered"),
        row(f"board page filtered: last byte ({r['filtered_bytes'] // 1024} KiB)", "filtered_full", "socket_filtered"),
        row("board page unfiltered: time to first byte", "unfiltered_first", "socket_unfiltered"),
        row(f"board page unfiltered: last byte ({r['unfiltered_bytes'] // 1024} KiB)", "unfiltered_full", "socket_unfiltered"),
        ("the 20 drop-downs (mtb.values, in flight at once) over the socket", f"{median_ms(r['socket_values']):.1f} ms", "–", "–", "–", ""),
        ("the filtered jobs.list alone over the socket", f"{median_ms(r['socket_list']):.1f} ms", "–", "–", "–", ""),
    ]
    info = [("hired column", "hire-web over loopback HTTP (keep-alive), the same build as hired"),
            ("other column", "the page's own queries (jobs.list + 20 mtb.values, all in flight) straight over the socket"),
            ("board", f"{args.rows} rows, {expected['total']} match the filter"),
            ("samples", f"median of {args.calls} after {args.warmup} warm-up")] + machine_rows(load_start)
    print_report("hire-web board page", rows, info)
    write_markdown(args.out, markdown_tables(rows, info))


if __name__ == "__main__":
    main()
