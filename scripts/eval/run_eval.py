#!/usr/bin/env python3
"""scripts/eval/run_eval.py — `make eval`: how well `match.run` ranks, on labelled sets.

Usage:
    run_eval.py [--hired BIN] [--out FILE] [--resamples 2000] [--seed 1] SET_DIR [SET_DIR ...]

For each labelled set (format: docs/matching.md, "Evaluation"), starts a real `hired` on a
temp socket, registers a recruiter, imports the set's jobs as a board CSV, attaches each
job's description, adds the resumes as text, and runs `match.run` (per the set's query side,
topK = every candidate). Then restarts the daemon on the same data once per ablation, with
`HIRED_MATCH_WEIGHTS` (an evaluation-only switch read by the daemon at start) giving a part
besides text relevance the fixed weight it had before version 0.11 (text 0.45 and that part),
and once with all the former fixed weights, and ranks again. Baselines computed here over the same texts: plain
BM25 (bm25.py) and a seeded random order. Scores every ranking with nDCG@5, nDCG@10, P@1
and MRR (metrics.py), with 95% percentile intervals from a paired bootstrap over queries,
and the paired differences daemon − BM25 and daemon − each ablation (what giving each part a
fixed weight would cost or add).
Prints one table per set and writes all of them as Markdown to --out.

Standard library only (the socket client is bench/hired_rpc.py).
"""

import argparse
import csv
import datetime
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "bench"))

import bm25  # noqa: E402
import metrics  # noqa: E402
from hired_rpc import Hired, die, machine_rows  # noqa: E402

# The 20 MTB board columns (bench/gen_match.py writes the same).
HEADER = [
    "JobID", "Company", "Position", "City", "State", "Country", "Salary", "Bonus", "Received",
    "Conditional Fee", "Internal", "Client Rating", "CAT", "Visa", "HR/HM", "CM", "Pipeline #",
    "Pipeline Candidates", "Notes", "Industry Segment",
]
# The builtin weights (Sources/HireMatching/Matching/Matcher.swift, MatchWeights): text
# relevance alone; the other parts break ties.
STANDARD = {"text": 1.0, "skills": 0.0, "title": 0.0, "checks": 0.0}
# The fixed weights the score had before (version 0.10).
FORMER = {"text": 0.45, "skills": 0.2, "title": 0.25, "checks": 0.1}
# The ablations: each other part with its former fixed weight beside text, then all of them.
ABLATIONS = [(f"daemon + {part} {FORMER[part]}", {**STANDARD, "text": FORMER["text"], part: FORMER[part]})
             for part in ("skills", "title", "checks")] + [("daemon, former fixed weights", FORMER)]
USER = {"username": "eval", "email": "eval@example.com", "password": "evaluation passphrase", "role": "recruiter"}


def log(message):
    print(f"eval: {message}", file=sys.stderr, flush=True)


# ---- the labelled set ---------------------------------------------------------------------------

def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_set(directory):
    """The set as {name, query_side, relevant, jobs, resumes, labels: {query: {candidate: grade}}};
    every query gets every candidate, unlabelled ones at grade 0."""
    with open(os.path.join(directory, "set.json"), encoding="utf-8") as f:
        info = json.load(f)
    jobs = read_jsonl(os.path.join(directory, "jobs.jsonl"))
    resumes = read_jsonl(os.path.join(directory, "resumes.jsonl"))
    side = info.get("query_side", "resume")
    if side not in ("resume", "job"):
        die(f"{directory}: query_side must be resume or job")
    job_ids, resume_ids = [j["id"] for j in jobs], [r["id"] for r in resumes]
    if len(set(job_ids)) != len(job_ids) or len(set(resume_ids)) != len(resume_ids):
        die(f"{directory}: duplicate ids")
    queries, candidates = (resume_ids, job_ids) if side == "resume" else (job_ids, resume_ids)
    labels = {q: {} for q in queries}
    with open(os.path.join(directory, "labels.tsv"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if (len(fields) != 3 or fields[0] not in labels or fields[1] not in candidates
                    or fields[2] not in ("0", "1", "2", "3")):
                die(f"{directory}/labels.tsv:{number}: want query_id<TAB>candidate_id<TAB>grade 0-3, got {line!r}")
            labels[fields[0]][fields[1]] = int(fields[2])
    return {"name": info.get("name", os.path.basename(directory.rstrip("/"))), "info": info, "query_side": side,
            "relevant": int(info.get("relevant_grade", 2)), "jobs": jobs, "resumes": resumes,
            "queries": queries, "candidates": candidates, "labels": labels}


def board_csv(jobs):
    """The set's jobs as an MTB board: id, company, title, city, state; the other columns empty
    (salary, visa and the like are then unknown to the checks, as they are in the set)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for job in jobs:
        writer.writerow({"JobID": job["id"], "Company": job.get("company", ""), "Position": job.get("title", ""),
                         "City": job.get("city", ""), "State": job.get("state", ""),
                         "Country": job.get("country", "USA")})
    return out.getvalue()


# ---- the daemon ---------------------------------------------------------------------------------

def hired_binary(given):
    if given:
        return given
    for kind in ("release", "debug"):
        path = os.path.join(ROOT, ".build", kind, "hired")
        if os.access(path, os.X_OK):
            return path
    die("no hired binary: build it first (swift build --product hired)")


class Daemon:
    """One hired process on a short socket path in `work`, data in work/data, stopped by stop()."""

    def __init__(self, binary, work, number, weights=None):
        self.socket = os.path.join(work, f"s{number}")
        env = dict(os.environ)
        env.pop("HIRED_MATCH_WEIGHTS", None)
        if weights is not None:
            env["HIRED_MATCH_WEIGHTS"] = ",".join(f"{k}={v}" for k, v in weights.items())
        self.log_path = os.path.join(work, f"log{number}")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [binary, "--socket", self.socket, "--data-dir", os.path.join(work, "data"), "--log-level", "warning",
             "--kdf-memory-mib", "8"], stdout=self.log, stderr=self.log, env=env)
        for _ in range(300):
            if os.path.exists(self.socket) or self.process.poll() is not None:
                break
            time.sleep(0.1)
        if not os.path.exists(self.socket):
            self.stop()
            die(f"hired did not start; its log:\n{open(self.log_path).read()[-2000:]}")
        self.client = Hired(self.socket)

    def stop(self):
        client = getattr(self, "client", None)
        if client is not None:
            client.sock.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        with open(self.log_path) as f:
            refused = [line.strip() for line in f if "HIRED_MATCH_WEIGHTS" in line]
        if refused:
            die(refused[0])


def set_up(client, data):
    """Registers the recruiter and stores the set; returns {daemon resume id: set resume id}."""
    client.call("auth.register", USER)
    client.call("auth.login", {"login": USER["username"], "password": USER["password"]})
    result = client.call("mtb.import", {"csv": board_csv(data["jobs"])})
    if result.get("errors") or result.get("inserted") != len(data["jobs"]):
        die(f"mtb.import: {json.dumps(result)[:500]}")
    client.batch("jobs.attachDescription", [{"jobId": j["id"], "text": j["description"]} for j in data["jobs"]], 32)
    added = client.batch("resumes.add", [{"text": r["text"], "filename": f"{r['id']}.txt", "allowDuplicates": True}
                                         for r in data["resumes"]], 16)
    id_of = {}
    for resume, reply in zip(data["resumes"], added):
        if reply.get("errors") or len(reply.get("resumes", [])) != 1:
            die(f"resumes.add of {resume['id']}: {json.dumps(reply)[:500]}")
        id_of[reply["resumes"][0]["id"]] = resume["id"]
    client.call("jobs.process", {})
    return id_of


TITLE_SHARE = re.compile(r"\((\d+)% of the title\)")


def tie_key(match):
    """What orders a match as far as the reply shows: the score, then what breaks its ties (the
    text similarity, the skill coverage, each check's outcome and the title's share, from the
    title check's detail). Skill names, titles and the checks' details differ between
    candidates whose scores are equal, so they are left out."""
    explanation = match["explanation"]
    key = [match["score"], explanation.get("textSimilarity"), explanation.get("skillCoverage"),
           explanation.get("titleSimilarity")]
    for check in explanation.get("checks", []):
        if check.get("name") == "title":
            share = TITLE_SHARE.search(check.get("detail", ""))
            key.append(["title", check.get("passed"), share.group(1) if share else check.get("detail")])
        else:
            key.append([check.get("name"), check.get("passed")])
    return json.dumps(key)


def daemon_ranking(client, data, resume_of):
    """{query: every candidate, best first}: match.run's order, then the candidates it did not
    return (no shared term, skill or title word) by id. The daemon orders equal scores by its
    own ids. A job's id is the set's, but a resume's is random (it differs from run to run): so
    when resumes are ranked (per job), consecutive matches whose score and explanation
    (`tie_key`) are identical — ties, as far as the reply shows — are ordered by the set's ids
    instead, which makes a rerun give the same figures. Jobs keep the daemon's own order."""
    per = data["query_side"]
    top = len(data["candidates"])
    if top > 1000:
        die("match.run returns at most 1000 candidates per query: the set has too many")
    reply = client.call("match.run", {"per": per, "topK": top})
    returned = {q: [] for q in data["queries"]}
    for match in sorted(reply["matches"], key=lambda m: m["rank"]):
        resume = resume_of[match["resumeId"]]
        query, candidate = (resume, match["jobId"]) if per == "resume" else (match["jobId"], resume)
        returned[query].append((tie_key(match), candidate))
    ranked = {}
    for query, matches in returned.items():
        ranking, start = [], 0
        while start < len(matches):
            end = start
            while end < len(matches) and (end == start or (per == "job" and matches[end][0] == matches[start][0])):
                end += 1
            ranking += sorted(candidate for _, candidate in matches[start:end])
            start = end
        seen = set(ranking)
        ranked[query] = ranking + sorted(c for c in data["candidates"] if c not in seen)
    return ranked


def run_daemon(binary, data, systems):
    """Rankings of the daemon under each (label, weights) in systems (None: the builtin ones):
    one daemon stores the set, then one restart per configuration on the same data."""
    work = tempfile.mkdtemp(prefix="he", dir="/tmp")  # short: a socket path has ~100 bytes
    try:
        out = {}
        resume_of = None
        for number, (label, weights) in enumerate(systems):
            daemon = Daemon(binary, work, number, weights)
            try:
                if resume_of is None:
                    log(f"{data['name']}: storing {len(data['jobs'])} jobs and {len(data['resumes'])} resumes ...")
                    resume_of = set_up(daemon.client, data)
                else:
                    daemon.client.call("auth.login", {"login": USER["username"], "password": USER["password"]})
                log(f"{data['name']}: match.run ({label}) ...")
                out[label] = daemon_ranking(daemon.client, data, resume_of)
                version = daemon.client.call("daemon.status").get("version", "?")
            finally:
                daemon.stop()
        return out, version
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---- baselines ----------------------------------------------------------------------------------

def texts(data):
    """{id: text} per side: a job is its title and description, a resume its text."""
    jobs = {j["id"]: j.get("title", "") + "\n" + j["description"] for j in data["jobs"]}
    resumes = {r["id"]: r["text"] for r in data["resumes"]}
    return (resumes, jobs) if data["query_side"] == "resume" else (jobs, resumes)


def bm25_ranking(data):
    queries, candidates = texts(data)
    index = bm25.BM25(candidates)
    return {q: index.rank(queries[q]) for q in data["queries"]}


def random_ranking(data, seed):
    """A seeded shuffle per query (the seed and the query id make it reproducible)."""
    out = {}
    for q in data["queries"]:
        order = sorted(data["candidates"])
        random.Random(f"{seed}:{q}").shuffle(order)
        out[q] = order
    return out


# ---- report -------------------------------------------------------------------------------------

def fmt(triple, signed=False):
    mean, low, high = triple
    sign = "+" if signed else ""
    return f"{mean:{sign}.3f} [{low:{sign}.3f}, {high:{sign}.3f}]"


def evaluate(data, rankings, samples_count, seed):
    """Rows of (system, {metric: (mean, low, high)}) and the paired differences."""
    scored = {q for q, grades in data["labels"].items() if any(g >= data["relevant"] for g in grades.values())}
    labels = {q: g for q, g in data["labels"].items() if q in scored}
    values = {system: metrics.per_query(r, labels, data["relevant"]) for system, r in rankings.items()}
    samples = metrics.resamples(samples_count, len(labels), seed)
    rows = [(system, {m: metrics.bootstrap_ci(v[m], samples) for m in metrics.METRICS}) for system, v in values.items()]
    pairs = [("daemon", "BM25"), ("daemon", "random")] + [("daemon", label) for label, _ in ABLATIONS]
    diffs = [(f"{a} − {b}",
              {m: metrics.paired_difference(values[a][m], values[b][m], samples) for m in metrics.METRICS})
             for a, b in pairs if a in values and b in values]
    return len(labels), rows, diffs


def table(rows, signed=False):
    names = list(metrics.METRICS)
    head = ["system"] + names
    body = [[system] + [fmt(cells[m], signed) for m in names] for system, cells in rows]
    return head, body


def print_table(head, body):
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    for r in [head, ["-" * w for w in widths]] + body:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def markdown(head, body):
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in body]


def source_revision():
    """The repository's commit, marked when the tree has changes: which code was measured."""
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "Sources"], capture_output=True,
                               text=True, check=True).stdout.strip()
        return f"commit {head}" + (" + uncommitted changes under Sources/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="+", help="labelled set directories (eval/sets/<name>)")
    ap.add_argument("--hired", help="the hired binary (default .build/release/hired, else .build/debug/hired)")
    ap.add_argument("--out", help="write the tables as Markdown here")
    ap.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples over queries")
    ap.add_argument("--seed", type=int, default=1, help="seed of the bootstrap and of the random order")
    ap.add_argument("--no-ablations", action="store_true", help="the daemon with its builtin weights only")
    args = ap.parse_args()
    binary = hired_binary(args.hired)
    load_start = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    md = [f"# Ranking evaluation ({started:%Y-%m-%d %H:%M} UTC)", "",
          f"Written by `make eval` (scripts/eval/run_eval.py). Mean over queries with a 95% percentile "
          f"interval from {args.resamples:,} paired bootstrap resamples of the queries (seed {args.seed}). "
          f"Relevant = grade ≥ the set's `relevant_grade` (P@1, MRR); nDCG uses gain 2^grade − 1.", ""]
    version = "?"
    for directory in args.sets:
        data = load_set(directory)
        systems = [("daemon", None)] + ([] if args.no_ablations else ABLATIONS)
        rankings, version = run_daemon(binary, data, systems)
        rankings["BM25"] = bm25_ranking(data)
        rankings["random"] = random_ranking(data, args.seed)
        order = ["daemon", "BM25", "random"] + [label for label, _ in ABLATIONS]
        rankings = {k: rankings[k] for k in order if k in rankings}
        scored, rows, diffs = evaluate(data, rankings, args.resamples, args.seed)
        title = (f"{data['name']}: {len(data['queries'])} {data['query_side']}s as queries ({scored} with a candidate of grade ≥ "
                 f"{data['relevant']}, scored) × {len(data['candidates'])} {'jobs' if data['query_side'] == 'resume' else 'resumes'}")
        print(title)
        head, body = table(rows)
        print_table(head, body)
        print()
        dhead, dbody = table(diffs, signed=True)
        dhead[0] = "paired difference"
        print_table(dhead, dbody)
        print()
        md += [f"## {title}", ""] + markdown(head, body) + [""] + markdown(dhead, dbody) + [""]
        if data["info"].get("licence"):
            md += [f"Set licence: {data['info']['licence']}.", ""]
    shown = os.path.relpath(binary, ROOT) if binary.startswith(ROOT + os.sep) else binary
    info = [("hired", f"{shown} ({version}, {source_revision()})"),
            ("wall time", f"{(datetime.datetime.now(datetime.timezone.utc) - started).total_seconds():.0f} s")]
    info += machine_rows(load_start)
    for k, v in info:
        print(f"{k}: {v}")
    md += ["| detail | value |", "|---|---|"] + [f"| {k} | {v.replace('|', '/')} |" for k, v in info]
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write("\n".join(md) + "\n")
        log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
