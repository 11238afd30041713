#!/usr/bin/env python3
"""bench/match_client.py — the measuring half of bench/match.sh (see there).

Measures, in one run, on the jobs and resumes written by bench/gen_match.py:
  1. hired: the board imported with `mtb.import`, every description attached with
     `jobs.attachDescription` (pipelined), the text resumes added with `resumes.add`, then
     `jobs.process`, a first `match.run` (builds the index), `match.run` of all resumes
     (median of --runs) and `match.run` of one resume at a time (median over the resumes);
  2. the same ranking (top 10 jobs per resume, BM25 over the same texts) done by
     `rank_bm25.BM25Okapi` and by a plain Python inverted index, scoring timed alone;
  3. resume ingest: `resumes.add` of DOCX and of PDF files made from the text resumes;
  4. hired's peak memory (VmHWM of the daemon) at the end;
and prints, for a few resumes, hired's top jobs next to rank_bm25's.
Writes a plain table to stdout and Markdown to --out.
"""

import argparse
import collections
import csv
import heapq
import json
import math
import os
import platform
import re
import statistics
import sys
import time

import gen_match  # bench/gen_match.py: its professions tell which jobs fit a resume

from hired_rpc import (  # noqa: E402
    Hired, die, machine_rows, markdown_tables, print_report, proc_cpu_seconds, proc_status, write_markdown)


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


# ---- the baselines' tokenisation (the same for both) --------------------------------------------

TOKEN = re.compile(r"\w+[+#]*")
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own same she should so
some such than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves
""".split())


def tokenize(text):
    return [t for t in TOKEN.findall(text.lower()) if t not in STOPWORDS]


class PlainIndex:
    """A plain Python inverted index: term -> [(doc, tf)], BM25 (Okapi, as rank_bm25 computes
    it: k1 1.5, b 0.75, negative idf floored at 0.25 x the mean idf), scores accumulated in a
    dict over the query's terms, top k with heapq."""

    def __init__(self, documents, k1=1.5, b=0.75, epsilon=0.25):
        self.postings = collections.defaultdict(list)
        lengths = []
        for doc, tokens in enumerate(documents):
            lengths.append(len(tokens))
            for term, tf in collections.Counter(tokens).items():
                self.postings[term].append((doc, tf))
        count = len(documents)
        average = sum(lengths) / count
        self.norm = [k1 * (1 - b + b * n / average) for n in lengths]
        self.k1 = k1
        idf = {t: math.log(count - len(p) + 0.5) - math.log(len(p) + 0.5) for t, p in self.postings.items()}
        floor = epsilon * (sum(idf.values()) / len(idf))
        self.idf = {t: (v if v >= 0 else floor) for t, v in idf.items()}

    def top(self, query_tokens, k):
        scores = {}
        norm, k1 = self.norm, self.k1
        for term, qtf in collections.Counter(query_tokens).items():
            postings = self.postings.get(term)
            if not postings:
                continue
            weight = self.idf[term] * qtf * (k1 + 1)
            for doc, tf in postings:
                scores[doc] = scores.get(doc, 0.0) + weight * tf / (tf + norm[doc])
        return heapq.nlargest(k, scores.items(), key=lambda item: item[1])


# ---- documents for the ingest measurement -------------------------------------------------------

def write_docx(text, path):
    import docx  # python-docx, installed by match.sh when missing
    document = docx.Document()
    lines = text.rstrip("\n").split("\n")
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        if line.isupper() and line.strip():
            document.add_heading(line.title(), level=2)
        elif line.startswith("• "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            document.add_paragraph(line)
    document.save(path)


def write_pdf(text, path):
    from reportlab.lib.pagesizes import letter  # installed by match.sh when missing
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape
    styles = getSampleStyleSheet()
    lines = text.rstrip("\n").split("\n")
    story = [Paragraph(escape(lines[0]), styles["Title"])]
    for line in lines[1:]:
        if line.isupper() and line.strip():
            story.append(Paragraph(escape(line), styles["Heading2"]))
        elif line.strip():
            story.append(Paragraph(escape(line), styles["BodyText"]))
    SimpleDocTemplate(path, pagesize=letter, title=lines[0]).build(story)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--data", required=True, help="the directory gen_match.py wrote")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=5, help="timed match.run of all resumes")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--window", type=int, default=32, help="requests written before reading (<= hired's in-flight limit)")
    ap.add_argument("--ingest", type=int, default=50, help="DOCX files and PDF files for the ingest rate")
    ap.add_argument("--show", type=int, default=3, help="resumes whose top jobs are printed")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import numpy as np  # comes with rank_bm25
    import rank_bm25  # installed by match.sh when missing

    load_start = os.getloadavg()
    log = lambda message: print(f"match: {message}", file=sys.stderr, flush=True)

    # ---- the generated data -----------------------------------------------------------------
    board = os.path.abspath(os.path.join(args.data, "mtb.csv"))
    with open(board, newline="", encoding="utf-8") as f:
        position = {row["JobID"]: row["Position"] for row in csv.DictReader(f)}
    with open(os.path.join(args.data, "jobs.jsonl"), encoding="utf-8") as f:
        descriptions = [json.loads(line) for line in f]
    job_ids = [d["jobId"] for d in descriptions]
    resume_dir = os.path.abspath(os.path.join(args.data, "resumes"))
    resume_files = sorted(os.listdir(resume_dir))
    resume_text = {}
    for name in resume_files:
        with open(os.path.join(resume_dir, name), encoding="utf-8") as f:
            resume_text[name] = f.read()
    n_jobs, n_resumes = len(job_ids), len(resume_files)
    if set(job_ids) != set(position):
        die("jobs.jsonl and mtb.csv do not have the same jobs")
    top = min(args.top, n_jobs)

    # ---- 1. hired: setup --------------------------------------------------------------------
    hired = Hired(args.socket)
    status = hired.call("daemon.status")
    hired.call("auth.register", {"username": "bench", "email": "bench@example.com",
                                 "password": "benchmark passphrase", "role": "recruiter"})
    hired.call("auth.login", {"login": "bench", "password": "benchmark passphrase"})
    mem_login = proc_status(args.pid)

    log(f"mtb.import of {n_jobs:,} jobs ...")
    t_import, result = timed(hired.call, "mtb.import", {"path": board})
    if result.get("errors") or result.get("inserted") != n_jobs:
        die(f"mtb.import: {json.dumps(result)[:500]}")

    log(f"jobs.attachDescription x {n_jobs:,} (batches of {args.window}) ...")
    t_attach, _ = timed(hired.batch, "jobs.attachDescription",
                        [{"jobId": d["jobId"], "text": d["description"]} for d in descriptions], args.window)

    log(f"resumes.add of {n_resumes} text resumes ...")
    # Generated people share names and emails, and the DOCX and PDF below repeat the text
    # resumes: duplicates are stored anyway, as the benchmark measures adding, not refusing.
    t_add_text, added = timed(
        hired.call, "resumes.add", {"paths": [os.path.join(resume_dir, n) for n in resume_files], "allowDuplicates": True})
    if added.get("errors") or len(added["resumes"]) != n_resumes:
        die(f"resumes.add (text): {json.dumps(added.get('errors'))[:500]}")
    file_of = {r["id"]: r["filename"] for r in added["resumes"]}
    id_of = {name: rid for rid, name in file_of.items()}
    if set(id_of) != set(resume_files):
        die("resumes.add returned filenames that are not the files given")

    log("jobs.process ...")
    t_process, processed = timed(hired.call, "jobs.process", {})
    # jobs.attachDescription profiles each job already, so {} finds little to do: profile
    # every job again, by id, to see what processing the whole board costs.
    log(f"jobs.process of all {n_jobs:,} jobs by id ...")
    t_process_all, processed_all = timed(hired.call, "jobs.process", {"jobIds": job_ids})
    if processed_all.get("processed") != n_jobs:
        die(f"jobs.process of every job: {json.dumps(processed_all)[:500]}")
    mem_setup = proc_status(args.pid)

    # ---- 1. hired: matching -----------------------------------------------------------------
    log("first match.run (builds the index) ...")
    cpu0 = proc_cpu_seconds(args.pid)
    t_first, first = timed(hired.call, "match.run", {"topK": top})
    cpu_first = proc_cpu_seconds(args.pid) - cpu0
    if len(first["matches"]) != n_resumes * top:
        die(f"the first match.run gave {len(first['matches'])} matches, expected {n_resumes * top}")
    mem_index = proc_status(args.pid)

    log(f"match.run of all resumes x {args.runs} ...")
    samples, cpu_samples = [], []
    for _ in range(args.runs):
        cpu0 = proc_cpu_seconds(args.pid)
        elapsed, reply = timed(hired.call, "match.run", {"topK": top})
        samples.append(elapsed)
        cpu_samples.append(proc_cpu_seconds(args.pid) - cpu0)
        if len(reply["matches"]) != n_resumes * top:
            die(f"match.run gave {len(reply['matches'])} matches, expected {n_resumes * top}")
    hired_total = statistics.median(samples)
    hired_cpu = statistics.median(cpu_samples)

    log(f"match.run of one resume x {n_resumes} ...")
    single = []
    for name in resume_files:
        elapsed, reply = timed(hired.call, "match.run", {"resumeIds": [id_of[name]], "topK": top})
        single.append(elapsed)
        if len(reply["matches"]) != top:
            die(f"match.run of {id_of[name]} gave {len(reply['matches'])} matches, expected {top}")
    hired_single = statistics.median(single)
    hired_single_p90 = sorted(single)[int(len(single) * 0.9)]
    mem_match = proc_status(args.pid)

    hired_top = collections.defaultdict(list)
    for m in sorted(first["matches"], key=lambda m: (m["resumeId"], m["rank"])):
        hired_top[file_of[m["resumeId"]]].append(m["jobId"])

    # ---- 2. baselines -----------------------------------------------------------------------
    log("tokenising for the baselines ...")
    t_tokenize, job_tokens = timed(lambda: [tokenize(position[d["jobId"]] + "\n" + d["description"])
                                            for d in descriptions])
    queries = {name: tokenize(resume_text[name]) for name in resume_files}

    log("rank_bm25 ...")
    t_bm25_build, bm25 = timed(rank_bm25.BM25Okapi, job_tokens)
    bm25_top = {}
    start = time.perf_counter()
    for name in resume_files:
        scores = bm25.get_scores(queries[name])
        best = np.argsort(scores)[::-1][:top]
        bm25_top[name] = [(int(i), float(scores[i])) for i in best]
    bm25_total = time.perf_counter() - start

    log("plain inverted index ...")
    t_plain_build, plain = timed(PlainIndex, job_tokens)
    plain_top = {}
    start = time.perf_counter()
    for name in resume_files:
        plain_top[name] = plain.top(queries[name], top)
    plain_total = time.perf_counter() - start

    # The plain index must rank as rank_bm25 does (same scores; ties may order differently).
    for name in resume_files:
        a = [s for _, s in plain_top[name]]
        b = [s for _, s in bm25_top[name]]
        if any(abs(x - y) > 1e-6 * max(1.0, abs(y)) for x, y in zip(a, b)):
            die(f"the plain index and rank_bm25 disagree on {name}: {a[:3]} vs {b[:3]}")

    overlap = [len(set(hired_top[n]) & {job_ids[i] for i, _ in bm25_top[n]}) / top for n in resume_files]
    # Relevance as the generator meant it: the share of the top jobs in the resume's profession.
    profession_of = {t: key for key, p in gen_match.PROFESSIONS.items() for t in p["titles"]}
    levels = tuple(level + " " for level, _, _ in gen_match.SENIORITY if level)

    def profession(title):
        for level in levels:
            if title.startswith(level):
                title = title[len(level):]
        return profession_of.get(title)

    resume_title = {}
    for name in resume_files:
        summary = next((l for l in resume_text[name].split("\n") if " with " in l and "experience" in l), "")
        resume_title[name] = summary.split(" with ")[0] if summary else "?"
    in_profession = {"hired": [], "bm25": []}
    for n in resume_files:
        want = profession(resume_title[n])
        in_profession["hired"].append(sum(profession(position[j]) == want for j in hired_top[n]) / top)
        in_profession["bm25"].append(sum(profession(position[job_ids[i]]) == want for i, _ in bm25_top[n]) / top)

    # ---- 3. ingest: DOCX and PDF ------------------------------------------------------------
    ingest = {}
    for kind, writer in (("docx", write_docx), ("pdf", write_pdf)):
        folder = os.path.join(args.workdir, kind)
        os.makedirs(folder, exist_ok=True)
        chosen = resume_files[: args.ingest] if kind == "docx" else resume_files[-args.ingest:]
        paths = []
        for name in chosen:
            path = os.path.join(folder, name[:-4] + "." + kind)
            writer(resume_text[name], path)
            paths.append(path)
        size = sum(os.path.getsize(p) for p in paths)
        log(f"resumes.add of {len(paths)} {kind.upper()} files ...")
        elapsed, reply = timed(hired.call, "resumes.add", {"paths": paths, "allowDuplicates": True})
        if reply.get("errors") or len(reply["resumes"]) != len(paths):
            die(f"resumes.add ({kind}): {json.dumps(reply.get('errors'))[:500]}")
        ingest[kind] = (len(paths), elapsed, size)
    mem_end = proc_status(args.pid)

    # ---- 4. sanity: hired's top jobs next to rank_bm25's ------------------------------------
    shown = resume_files[:: max(1, n_resumes // max(1, args.show))][: args.show]
    sanity = []
    for name in shown:
        sanity.append((name, resume_title[name], [position[j] for j in hired_top[name][:3]],
                       [position[job_ids[i]] for i, _ in bm25_top[name][:3]]))

    # ---- report -----------------------------------------------------------------------------
    ms = lambda seconds: f"{seconds * 1000:,.1f} ms"
    s = lambda seconds: ms(seconds) if seconds < 1 else f"{seconds:,.2f} s"

    def verdict(ratio, target):
        return "MET" if ratio <= target else "NOT MET"

    r_total = hired_total / plain_total
    r_single = hired_single / (plain_total / n_resumes)
    r_plain = plain_total / bm25_total
    peak = mem_end["VmHWM"]
    rows = [
        (f"match.run, {n_resumes} resumes x {n_jobs:,} jobs, top {top} (median of {args.runs})", s(hired_total),
         f"{s(plain_total)} (plain index)", f"{r_total:.3f}x", "<= 0.1x", verdict(r_total, 0.1)),
        ("  per resume (total / resumes)", ms(hired_total / n_resumes), ms(plain_total / n_resumes), f"{r_total:.3f}x",
         "<= 0.1x", verdict(r_total, 0.1)),
        (f"match.run of one resume, median of {n_resumes}", ms(hired_single), ms(plain_total / n_resumes),
         f"{r_single:.3f}x", "-", ""),
        ("plain index vs rank_bm25, all resumes", s(plain_total), f"{s(bm25_total)} (rank_bm25)", f"{r_plain:.3f}x",
         "-", ""),
        ("first match.run (index built)", s(t_first), "-", "-", "-", ""),
        (f"jobs.process {{}} ({processed.get('processed')} jobs without a profile)", s(t_process), "-", "-", "-", ""),
        (f"jobs.process of all {n_jobs:,} jobs by id", s(t_process_all), "-", "-", "-", ""),
    ]
    for kind in ("docx", "pdf"):
        count, elapsed, size = ingest[kind]
        rows.append((f"resumes.add of {count} {kind.upper()}", f"{count / elapsed:,.1f} files/s", "-", "-", "-", ""))
    rows.append(("peak memory (VmHWM at the end)", f"{peak:.0f} MiB", "-", "-", "-", ""))

    info = [
        ("jobs / resumes", f"{n_jobs:,} / {n_resumes} (gen_match.py --seed {args.seed})"),
        ("job text words (mean)", f"{statistics.mean(len(d['description'].split()) for d in descriptions):.0f}"),
        ("resume words (mean)", f"{statistics.mean(len(t.split()) for t in resume_text.values()):.0f}"),
        ("baseline tokens per job / per resume (mean)",
         f"{statistics.mean(len(t) for t in job_tokens):.0f} / {statistics.mean(len(q) for q in queries.values()):.0f}"),
        ("hired match.run CPU (daemon user+sys, median)", s(hired_cpu)),
        ("hired match.run samples", ", ".join(f"{x:.3f}" for x in samples) + " s"),
        ("hired one-resume match.run p90", ms(hired_single_p90)),
        ("hired first match.run CPU", s(cpu_first)),
        ("hired vs rank_bm25", f"{hired_total / bm25_total:.4f}x"),
        ("rank_bm25 per resume", ms(bm25_total / n_resumes)),
        ("index build: rank_bm25 / plain", f"{s(t_bm25_build)} / {s(t_plain_build)} (tokenising the jobs: {s(t_tokenize)})"),
        (f"top {top} in the resume's profession (mean)", f"hired {statistics.mean(in_profession['hired']):.0%}, "
                                                         f"BM25 {statistics.mean(in_profession['bm25']):.0%}"),
        (f"top {top} jobs hired and BM25 share (mean)", f"{statistics.mean(overlap) * top:.1f} of {top}"),
        ("setup: mtb.import", s(t_import)),
        ("setup: jobs.attachDescription", f"{s(t_attach)} ({n_jobs / t_attach:,.0f}/s, {args.window} per batch)"),
        ("setup: resumes.add of the text resumes", f"{s(t_add_text)} ({n_resumes / t_add_text:,.1f} files/s)"),
    ]
    for kind in ("docx", "pdf"):
        count, elapsed, size = ingest[kind]
        info.append((f"{kind.upper()} ingest", f"{count} files, {size / count / 1024:.0f} KiB each, {s(elapsed)}"))
    info += [
        ("hired VmHWM: after login / setup / first run / match runs / end",
         " / ".join(f"{m['VmHWM']:.0f}" for m in (mem_login, mem_setup, mem_index, mem_match, mem_end)) + " MiB"),
        ("hired VmRSS at the end", f"{mem_end['VmRSS']:.0f} MiB"),
        ("versions", f"hired {status.get('version', '?')}, rank_bm25 {getattr(rank_bm25, '__version__', '0.2.2')}, "
                     f"numpy {np.__version__}, python {platform.python_version()}"),
    ] + machine_rows(load_start)

    print_report(f"matching benchmark: {n_jobs:,} jobs x {n_resumes} resumes", rows, info)
    print()
    for name, title, mine, theirs in sanity:
        print(f"{name} ({title})")
        for rank, (a, b) in enumerate(zip(mine, theirs), 1):
            print(f"  {rank}. hired: {a:<40} rank_bm25: {b}")

    # Markdown
    md = [f"# Matching benchmark: {n_jobs:,} jobs x {n_resumes} resumes\n",
          f"Generated by `bench/match.sh` with `gen_match.py --jobs {n_jobs} --resumes {n_resumes} "
          f"--seed {args.seed}`. Each figure is from the same run.\n"]
    md += markdown_tables(rows, info)
    md += ["", "| resume | rank | hired | rank_bm25 |", "|---|---|---|---|"]
    for name, title, mine, theirs in sanity:
        for rank, (a, b) in enumerate(zip(mine, theirs), 1):
            md.append(f"| {name} ({title}) | {rank} | {a} | {b} |")
    md += ["", f"hired: wall time of `match.run` {{topK: {top}}} over the socket (all resumes against all "
               f"jobs), the first run (which builds the index) reported apart. Baselines, on the same "
               f"texts (job = Position + description, resume = its text file), tokenised alike "
               f"(lowercase, `\\w+[+#]*`, English stopwords), scoring alone timed: "
               f"`rank_bm25.BM25Okapi.get_scores` + the top {top} per resume; a plain Python inverted "
               f"index (term -> [(doc, tf)], BM25 Okapi with rank_bm25's parameters, scores accumulated "
               f"in a dict, heapq top {top}), checked to give rank_bm25's scores. Ingest: wall time of "
               f"one `resumes.add` {{paths}} per format."]
    write_markdown(args.out, md)


if __name__ == "__main__":
    main()
