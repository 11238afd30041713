#!/usr/bin/env python3
"""bench/hiring_client.py — the hiring-flow benchmark of bench/hiring.sh, over hired's socket.

  apply    CANDIDATES candidates (each with a session and one resume) apply to POSTINGS
           postings, CONCURRENCY at once, each on a connection of its own (connect, attach the
           session, submit, hang up): applications per second, and the latency of
           applications.submit (median, p99);
  inbox    the recruiter logs out, the candidates apply to more postings until WAITING
           applications wait sealed for her; her next login, and the first applications.list
           after it, time what delivery does: open each, move it into her vault, profile
           the resume and score every posting's applicants.

Usage: hiring_client.py SOCKET GEN_DIR HIRED_PID CANDIDATES POSTINGS WAITING CONCURRENCY OUT_MD
"""

import concurrent.futures
import json
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hired_rpc import (  # noqa: E402
    Hired, die, machine_rows, markdown_tables, print_report, proc_cpu_seconds as proc_cpu, proc_status, write_markdown)

PASSWORD = "benchmark passphrase"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    sock, gen, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
    candidates, postings, waiting, concurrency = (int(x) for x in sys.argv[4:8])
    out_md = sys.argv[8]
    load_start = os.getloadavg()
    if waiting % candidates:
        die("WAITING must be a multiple of CANDIDATES (each candidate applies to WAITING/CANDIDATES postings)")
    per_candidate = waiting // candidates
    if per_candidate > postings:
        die("each candidate applies once per posting: WAITING/CANDIDATES must be at most POSTINGS")

    # The recruiter and her postings, from the generated job descriptions.
    recruiter = Hired(sock)
    recruiter.call("auth.register", {"username": "rita", "email": "rita@example.com", "password": PASSWORD, "role": "recruiter"})
    recruiter.call("auth.login", {"login": "rita", "password": PASSWORD})
    with open(os.path.join(gen, "jobs.jsonl"), encoding="utf-8") as f:
        jobs = [json.loads(line) for line in f][:postings]
    if len(jobs) < postings:
        die(f"the generator wrote {len(jobs)} jobs; {postings} are needed")
    posting_ids = []
    for job in jobs:
        title = job["description"].split("\n", 1)[0][:80] or job["jobId"]
        posting_ids.append(recruiter.call("postings.publish", {"title": title, "description": job["description"]})["id"])

    # The candidates: an account, a login, a resume each (set-up, not timed).
    names = sorted(os.listdir(os.path.join(gen, "resumes")))
    if not names:
        die("the generator wrote no resumes")
    print(f"hiring_client: registering {candidates} candidates ...", file=sys.stderr)

    def make_candidate(i):
        client = Hired(sock)
        client.call("auth.register", {"username": f"cand{i:05d}", "email": f"cand{i}@example.org", "password": PASSWORD, "role": "candidate"})
        token = client.call("auth.login", {"login": f"cand{i:05d}", "password": PASSWORD})["token"]
        with open(os.path.join(gen, "resumes", names[i % len(names)]), encoding="utf-8") as f:
            text = f.read()
        resume = client.call("resumes.add", {"text": text, "filename": f"cv{i}.txt", "allowDuplicates": True})["resumes"][0]["id"]
        client.close()
        return token, resume

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        people = list(pool.map(make_candidate, range(candidates)))

    def apply_all(rounds):
        """Each candidate connects, attaches their session and applies to the postings of
        `rounds` (offsets from their own), then hangs up; returns the submit latencies."""
        latencies = []
        lock = threading.Lock()

        def one(i):
            token, resume = people[i]
            client = Hired(sock)
            client.call("auth.attach", {"token": token})
            mine = []
            for r in rounds:
                posting = posting_ids[(i + r) % postings]
                start = time.perf_counter()
                client.call("applications.submit", {"postingId": posting, "resumeId": resume})
                mine.append(time.perf_counter() - start)
            client.close()
            with lock:
                latencies.extend(mine)

        with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(one, range(candidates)))
        return latencies

    # 1. Concurrent applications: one each.
    cpu0 = proc_cpu(pid)
    start = time.perf_counter()
    latencies = apply_all([0])
    apply_seconds = time.perf_counter() - start
    apply_cpu = proc_cpu(pid) - cpu0

    # 2. The recruiter is away while the rest arrive; then she logs in.
    recruiter.call("auth.logout", {"all": True})
    print(f"hiring_client: {waiting - candidates} more applications while the recruiter is away ...", file=sys.stderr)
    apply_all(list(range(1, per_candidate)))
    cpu0 = proc_cpu(pid)
    start = time.perf_counter()
    recruiter.call("auth.login", {"login": "rita", "password": PASSWORD})
    login_seconds = time.perf_counter() - start
    first = recruiter.call("applications.list", {"limit": 1})
    inbox_seconds = time.perf_counter() - start
    inbox_cpu = proc_cpu(pid) - cpu0
    total = sum(recruiter.call("applications.list", {"postingId": p, "limit": 1})["pipeline"].get("submitted", 0) for p in posting_ids)
    if total != waiting:
        die(f"the recruiter sees {total} applications; {waiting} were sent")
    if not first["applications"] or first["applications"][0].get("score") is None:
        die("the delivered applications were not scored")
    memory = proc_status(pid)

    rows = [
        (f"apply: {candidates} candidates, {postings} postings, {concurrency} at once", f"{candidates / apply_seconds:.0f} applications/s", "", "", "", ""),
        ("apply: applications.submit latency median / p99", f"{statistics.median(latencies)*1000:.0f} / {percentile(latencies, 0.99)*1000:.0f} ms", "", "", "", ""),
        ("apply: daemon CPU per application", f"{apply_cpu / candidates * 1000:.1f} ms", "", "", "", ""),
        (f"inbox: first login with {waiting} waiting, until the first list", f"{inbox_seconds:.1f} s", "", "", "", ""),
        ("inbox: of which auth.login", f"{login_seconds:.2f} s", "", "", "", ""),
        ("inbox: applications delivered, profiled and scored per second", f"{waiting / inbox_seconds:.0f}", "", "", "", ""),
        ("inbox: daemon CPU", f"{inbox_cpu:.1f} s", "", "", "", ""),
        ("daemon memory at the end (VmHWM / VmRSS)", f"{memory['VmHWM']:.0f} / {memory['VmRSS']:.0f} MiB", "", "", "", ""),
    ]
    info = [("postings", str(postings)), ("candidates", str(candidates)), ("waiting applications", str(waiting))]
    info += machine_rows(load_start)
    print_report("hiring flow over the socket (no reference tool: figures only)", rows, info)
    write_markdown(out_md, ["# Hiring flow", ""] + markdown_tables(rows, info))


if __name__ == "__main__":
    main()
