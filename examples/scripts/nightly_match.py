#!/usr/bin/env python3
"""Nightly: import the newest board CSV from a folder, profile the new jobs, match every
resume against the board, and write the best resumes per job to a CSV.

    nightly_match.py --inbox ~/boards --out ~/reports [--descriptions ~/jds] [--top 3] [--mode merge]

With --descriptions, a file in that folder named after a job (J-000202.md, J-000311.docx)
becomes the description of a job that has none yet.

A crontab line (after `hire login` has saved a session, or with HIRED_LOGIN and
HIRED_PASSWORD_FILE set, see hired_session.py):

    15 2 * * *  /usr/bin/python3 /path/to/nightly_match.py --inbox ~/boards --out ~/reports

Writes OUT/matches-YYYY-MM-DD.csv (jobId, company, position, rank, score, resume,
matchedSkills, missingSkills) and prints one summary line. Exit status: 0 done, 1 the daemon
refused something (the message says what), 2 nothing to import.
"""

import argparse
import csv
import datetime
import os
import sys

import hired
from hired_session import session


def newest_csv(folder: str) -> str:
    paths = [os.path.join(folder, n) for n in os.listdir(folder) if n.lower().endswith(".csv")]
    if not paths:
        print(f"nightly_match: no .csv file in {folder}", file=sys.stderr)
        sys.exit(2)
    return os.path.abspath(max(paths, key=os.path.getmtime))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inbox", required=True, help="folder the board CSVs are dropped into")
    parser.add_argument("--out", required=True, help="folder for the report")
    parser.add_argument("--top", type=int, default=3, help="resumes per job (default 3)")
    parser.add_argument("--descriptions", help="folder of job descriptions named by JobID")
    parser.add_argument("--mode", choices=["merge", "replace"], default="merge")
    args = parser.parse_args()

    board = newest_csv(args.inbox)
    with session() as client:
        imported = client.mtb.import_(path=board, mode=args.mode, onError="skip")
        attached = attach_descriptions(client, args.descriptions) if args.descriptions else 0
        processed = client.jobs.process()  # every job without a profile yet
        resumes = {r["id"]: r for r in all_resumes(client)}
        if not resumes:
            print("nightly_match: no resumes in the vault; nothing to match", file=sys.stderr)
            return 0
        run = client.match.run(per="job", topK=args.top)
        jobs = {}
        for match in run["matches"]:
            if match["jobId"] not in jobs:
                jobs[match["jobId"]] = client.jobs.get(jobId=match["jobId"])

        os.makedirs(args.out, exist_ok=True)
        report = os.path.join(args.out, f"matches-{datetime.date.today().isoformat()}.csv")
        with open(report, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["jobId", "company", "position", "rank", "score", "resume", "matchedSkills", "missingSkills"])
            for m in sorted(run["matches"], key=lambda m: (m["jobId"], m["rank"])):
                job, resume, why = jobs[m["jobId"]], resumes.get(m["resumeId"], {}), m.get("explanation") or {}
                writer.writerow([m["jobId"], job.get("company", ""), job.get("position", ""), m["rank"],
                                 f"{m['score']:.3f}", resume.get("name") or resume.get("filename") or m["resumeId"],
                                 "; ".join(why.get("matchedSkills", [])), "; ".join(why.get("missingSkills", []))])
    print(f"nightly_match: {os.path.basename(board)}: {imported['inserted']} new, {imported['updated']} updated, "
          f"{imported['skipped']} skipped; {attached} descriptions attached; {processed['processed']} jobs profiled; "
          f"{len(run['matches'])} matches for {len(jobs)} jobs -> {report}")
    return 0


def attach_descriptions(client: hired.Client, folder: str) -> int:
    """Attaches each JOBID.* file of folder to its job when the job has no description yet."""
    attached = 0
    for name in sorted(os.listdir(folder)):
        job_id = os.path.splitext(name)[0]
        try:
            job = client.jobs.get(jobId=job_id)
        except hired.JobNotFound:
            continue
        if not job.get("description"):
            client.jobs.attachDescription(jobId=job_id, path=os.path.abspath(os.path.join(folder, name)))
            attached += 1
    return attached


def all_resumes(client: hired.Client) -> list:
    resumes, cursor = [], None
    while True:
        page = client.resumes.list(limit=1000, **({"cursor": cursor} if cursor else {}))
        resumes += page["resumes"]
        cursor = page.get("nextCursor")
        if not cursor:
            return resumes


if __name__ == "__main__":
    try:
        sys.exit(main())
    except hired.HiredError as error:
        print(f"nightly_match: {error}", file=sys.stderr)
        sys.exit(1)
