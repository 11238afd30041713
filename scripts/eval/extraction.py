#!/usr/bin/env python3
"""scripts/eval/extraction.py — `make eval`: how precisely the profilers read job ads and resumes.

Usage:
    extraction.py [--hired BIN] [--out FILE] [--details] SET_DIR

Reads a labelled extraction set (format and labelling rules: eval/extraction/README.md), starts
a real `hired` on a temp socket, imports the set's jobs as a board CSV with their descriptions,
adds the resumes as text, and reads back the profiles the daemon made (`jobs.get`,
`resumes.get`). Scores them against the labels: precision and recall of skills (jobs: all,
required, preferred), titles, years (resumes: within 0.5 and 1 year of the label; jobs: the
minimum exactly), location and education. --details prints every miss and every extra.

Standard library only.
"""

import argparse
import csv
import datetime
import io
import json
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from run_eval import HEADER, USER, Daemon, hired_binary, log  # noqa: E402
from hired_rpc import die  # noqa: E402

STATES = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca", "colorado": "co",
    "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga", "hawaii": "hi", "idaho": "id",
    "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks", "kentucky": "ky", "louisiana": "la",
    "maine": "me", "maryland": "md", "massachusetts": "ma", "michigan": "mi", "minnesota": "mn",
    "mississippi": "ms", "missouri": "mo", "montana": "mt", "nebraska": "ne", "nevada": "nv",
    "new hampshire": "nh", "new jersey": "nj", "new mexico": "nm", "new york": "ny", "north carolina": "nc",
    "north dakota": "nd", "ohio": "oh", "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa",
    "rhode island": "ri", "south carolina": "sc", "south dakota": "sd", "tennessee": "tn", "texas": "tx",
    "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa", "west virginia": "wv",
    "wisconsin": "wi", "wyoming": "wy",
}


# ---- normalising --------------------------------------------------------------------------------

def words(text):
    """Lowercased words, plurals folded: punctuation other than + # . inside a word is a space
    ("month-end" is "month end"), so spelling variants of one name meet."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^\w+#.]+", " ", text)
    return " ".join(singular(part.strip(".")) for part in text.split() if part.strip("."))


def singular(word):
    """A plural's singular, as the taxonomy folds them ("tax provisions", "tax provision")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def place(text):
    """A place as "city st": state names as their postal codes, zip codes and the country dropped."""
    if text is None:
        return None
    text = text.lower()
    text = re.sub(r"\b\d{5}(-\d{4})?\b", " ", text)
    text = re.sub(r"\b(usa|u\.s\.a\.|united states|us)\b", " ", text)
    for name, code in sorted(STATES.items(), key=lambda item: -len(item[0])):
        text = re.sub(rf"\b{name}\b", code, text)
    text = words(text)
    return text or None


def alternatives(entry, normal=words):
    return {normal(a) for a in entry.split("|")}


# ---- counting -----------------------------------------------------------------------------------

class Tally:
    """Micro-averaged precision and recall: predicted items that match a label, labels matched."""

    def __init__(self):
        self.predicted = self.right = self.labelled = self.found = 0

    def add_lists(self, predicted, labels, normal=words, misses=None, name=""):
        entries = [alternatives(label, normal) for label in labels]
        predicted = list(dict.fromkeys(normal(p) for p in predicted))
        self.predicted += len(predicted)
        self.labelled += len(entries)
        for item in predicted:
            if any(item in entry for entry in entries):
                self.right += 1
            elif misses is not None:
                misses.append(f"{name}: extra {item!r}")
        for label, entry in zip(labels, entries):
            if entry & set(predicted):
                self.found += 1
            elif misses is not None:
                misses.append(f"{name}: missed {label!r}")

    def add_value(self, predicted, label, right):
        """One value: predicted (not None) and/or labelled (not None); `right` when they agree."""
        if predicted is not None:
            self.predicted += 1
            self.right += int(right)
        if label is not None:
            self.labelled += 1
            self.found += int(right)

    def figures(self):
        precision = self.right / self.predicted if self.predicted else float("nan")
        recall = self.found / self.labelled if self.labelled else float("nan")
        return precision, recall


# ---- the daemon's profiles ----------------------------------------------------------------------

def load(directory):
    def read(name):
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            return json.load(f)

    def text(kind, key):
        with open(os.path.join(directory, kind, f"{key}.txt"), encoding="utf-8") as f:
            return f.read()

    jobs, resumes = read("jobs.json"), read("resumes.json")
    for key, job in jobs.items():
        job["text"] = text("jobs", key)
    for key, resume in resumes.items():
        resume["text"] = text("resumes", key)
    return jobs, resumes


def board_csv(jobs):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for key, job in jobs.items():
        board = job["board"]
        writer.writerow({"JobID": key, "Company": board.get("company", ""), "Position": board["position"],
                         "City": board.get("city", ""), "State": board.get("state", ""),
                         "Country": board.get("country", "USA")})
    return out.getvalue()


def profiles(binary, jobs, resumes):
    """{job id: profile}, {resume id: resume record with its profile} as the daemon made them."""
    work = tempfile.mkdtemp(prefix="hx-", dir="/tmp")
    daemon = None
    try:
        daemon = Daemon(binary, work, 0)
        client = daemon.client
        client.call("auth.register", USER)
        client.call("auth.login", {"login": USER["username"], "password": USER["password"]})
        result = client.call("mtb.import", {"csv": board_csv(jobs)})
        if result.get("errors") or result.get("inserted") != len(jobs):
            die(f"mtb.import: {json.dumps(result)[:500]}")
        for key, job in jobs.items():
            client.call("jobs.attachDescription", {"jobId": key, "text": job["text"]})
        client.call("jobs.process", {})
        job_profiles = {key: client.call("jobs.get", {"jobId": key}).get("profile", {}) for key in jobs}
        resume_records = {}
        for key, resume in resumes.items():
            reply = client.call("resumes.add", {"text": resume["text"], "filename": f"{key}.txt", "allowDuplicates": True})
            if reply.get("errors") or len(reply.get("resumes", [])) != 1:
                die(f"resumes.add of {key}: {json.dumps(reply)[:500]}")
            resume_records[key] = client.call("resumes.get", {"resumeId": reply["resumes"][0]["id"]})
        return job_profiles, resume_records
    finally:
        if daemon is not None:
            daemon.stop()
        shutil.rmtree(work, ignore_errors=True)


# ---- scoring ------------------------------------------------------------------------------------

def score(jobs, resumes, job_profiles, resume_records, misses):
    rows = {}

    def tally(name):
        return rows.setdefault(name, Tally())

    for key, label in jobs.items():
        profile = job_profiles[key]
        skills = profile.get("skills") or {}
        required, preferred = skills.get("required", []), skills.get("preferred", [])
        tally("job skills (all)").add_lists(required + preferred, label["required"] + label["preferred"], misses=misses, name=key)
        tally("job skills, required").add_lists(required, label["required"])
        tally("job skills, preferred").add_lists(preferred, label["preferred"])
        tally("job titles").add_lists(profile.get("titles") or [], label["titles"], misses=misses, name=key)
        found, wanted = profile.get("minYears"), label.get("minYears")
        tally("job min years (exact)").add_value(found, wanted, found is not None and wanted is not None and abs(found - wanted) < 0.01)
        if found != wanted:
            misses.append(f"{key}: minYears {found} (label {wanted})")
        where, there = place(profile.get("location")), place(label.get("location"))
        tally("job location").add_value(where, there, where is not None and where == there)
        if where != there:
            misses.append(f"{key}: location {profile.get('location')!r} (label {label.get('location')!r})")

    for key, label in resumes.items():
        record = resume_records[key]
        profile = record.get("profile") or {}
        tally("resume skills").add_lists(profile.get("skills") or [], label["skills"], misses=misses, name=key)
        tally("resume titles").add_lists(profile.get("titles") or [], label["titles"], misses=misses, name=key)
        found, wanted = profile.get("yearsExperience"), label.get("years")
        for tolerance in (0.5, 1.0):
            tally(f"resume years (±{tolerance:g})").add_value(
                found, wanted, found is not None and wanted is not None and abs(found - wanted) <= tolerance + 1e-9)
        if found is None or wanted is None or abs(found - wanted) > 0.5:
            misses.append(f"{key}: years {found} (label {wanted})")
        where, there = place(profile.get("location") or record.get("location")), place(label.get("location"))
        tally("resume location").add_value(where, there, where is not None and where == there)
        if where != there:
            misses.append(f"{key}: location {profile.get('location') or record.get('location')!r} (label {label.get('location')!r})")
        level, wanted = profile.get("education") or record.get("education"), label.get("education")
        tally("resume education").add_value(level, wanted, level is not None and level == wanted)
        if level != wanted:
            misses.append(f"{key}: education {level!r} (label {wanted!r})")
    return rows


def table(rows):
    lines = ["| field | precision | recall | predicted | labelled |", "|---|---:|---:|---:|---:|"]
    for name, t in rows.items():
        precision, recall = t.figures()
        lines.append(f"| {name} | {precision:.2f} | {recall:.2f} | {t.predicted} | {t.labelled} |")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("set", help="the extraction set's directory (eval/extraction)")
    ap.add_argument("--hired", help="the hired binary (default .build/release/hired, else .build/debug/hired)")
    ap.add_argument("--out", help="write the table as Markdown here")
    ap.add_argument("--details", action="store_true", help="print every missed and extra item")
    args = ap.parse_args()
    jobs, resumes = load(args.set)
    log(f"profiling {len(jobs)} job ads and {len(resumes)} resumes")
    job_profiles, resume_records = profiles(hired_binary(args.hired), jobs, resumes)
    misses = []
    lines = table(score(jobs, resumes, job_profiles, resume_records, misses))
    print("\n".join(lines))
    if args.details:
        print("\n".join(misses))
    if args.out:
        started = datetime.datetime.now(datetime.timezone.utc)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(f"# Extraction precision ({started:%Y-%m-%d %H:%M} UTC)\n\n"
                    f"Written by `make eval` (scripts/eval/extraction.py) from {args.set}: {len(jobs)} job ads, "
                    f"{len(resumes)} resumes. Micro-averaged over items; rules in eval/extraction/README.md.\n\n"
                    + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
