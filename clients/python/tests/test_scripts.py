"""The automation scripts of examples/scripts, each run as cron would run it, against a real
daemon, logging in with HIRED_LOGIN and HIRED_PASSWORD_FILE."""

import csv
import os
import subprocess
import sys

import pytest

import hired
from conftest import PASSWORD, ROOT, new_user

SCRIPTS = os.path.join(ROOT, "examples", "scripts")
EXAMPLES = os.path.join(ROOT, "examples")

# The clear match of each described job (examples/README.md, "Which resume suits which job").
CLEAR_MATCH = {
    "J-000202": "ana-lopez.docx", "J-000311": "marcus-chen.pdf", "J-000201": "priya-raman.pdf",
    "J-000237": "daniel-okafor.txt", "J-000182": "sofia-marin.md", "J-000141": "rachel-goldberg.docx",
    "J-000221": "tom-becker.pdf", "J-000131": "luis-herrera.docx",
}


def run_script(daemon, tmp_path, username, script, *args):
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD + "\n")
    os.chmod(password_file, 0o600)
    env = daemon.env(HIRED_LOGIN=username, HIRED_PASSWORD_FILE=str(password_file))
    return subprocess.run([sys.executable, os.path.join(SCRIPTS, script), *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_nightly_match(daemon, tmp_path):
    with hired.connect(daemon.socket) as client:
        name = new_user(client)
        client.login(name, PASSWORD)
        resumes = sorted(os.path.join(EXAMPLES, "resumes", f) for f in os.listdir(os.path.join(EXAMPLES, "resumes")))
        added = client.resumes.add(paths=resumes)
        assert not added["errors"]
    with open(os.path.join(EXAMPLES, "mtb-sample.csv"), encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    described = [r for r in rows if r[0] in CLEAR_MATCH]
    others = [r for r in rows[:20] if r[0] not in CLEAR_MATCH]
    inbox = tmp_path / "inbox"
    inbox.mkdir()

    def write_board(path, board_rows):
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([header] + board_rows)

    old = inbox / "board-old.csv"
    write_board(old, [r for r in rows[1000:1003]])
    newest = inbox / "board-new.csv"
    write_board(newest, described + others)
    os.utime(old, (1_600_000_000, 1_600_000_000))  # older than the newest by years

    done = run_script(daemon, tmp_path, name, "nightly_match.py", "--inbox", str(inbox), "--out",
                      str(tmp_path / "out"), "--descriptions", os.path.join(EXAMPLES, "jobs"), "--top", "2")
    assert done.returncode == 0, done.stderr
    assert "board-new.csv" in done.stdout and "8 descriptions attached" in done.stdout, done.stdout
    [report] = os.listdir(tmp_path / "out")
    with open(tmp_path / "out" / report, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    firsts = {r["jobId"]: r for r in rows if r["rank"] == "1"}
    # Jobs of the newest file only (the older file was not imported), the described ones among them.
    assert set(firsts) <= {r[0] for r in described + others} and set(CLEAR_MATCH) <= set(firsts), done.stdout
    by_file = {}
    with hired.connect(daemon.socket) as client:
        client.login(name, PASSWORD)
        for r in client.resumes.list(limit=100)["resumes"]:
            by_file[r.get("name") or r["filename"]] = r["filename"]
        assert client.stats.get()["jobs"] == len(described + others)
    best = {job: by_file.get(firsts[job]["resume"], firsts[job]["resume"]) for job in CLEAR_MATCH}
    assert best == CLEAR_MATCH
    assert all(r["rank"] in ("1", "2") for r in rows)

    # Run again: nothing new on the board, the same report.
    again = run_script(daemon, tmp_path, name, "nightly_match.py", "--inbox", str(inbox), "--out", str(tmp_path / "out"))
    assert again.returncode == 0, again.stderr
    assert "0 new, 0 updated" in again.stdout


def test_nightly_match_without_a_board(daemon, tmp_path):
    with hired.connect(daemon.socket) as client:
        name = new_user(client)
    (tmp_path / "empty").mkdir()
    done = run_script(daemon, tmp_path, name, "nightly_match.py", "--inbox", str(tmp_path / "empty"), "--out", str(tmp_path))
    assert done.returncode == 2 and "no .csv file" in done.stderr


def test_digest_mails_new_events_once(daemon, tmp_path):
    with hired.connect(daemon.socket) as client:
        name = new_user(client)
        client.login(name, PASSWORD)
        # Background runs are what make run.* events.
        for start in (lambda: client.mtb.import_(csv="JobID,Company,Position\nD1,Acme,Welder\n", background=True),
                      lambda: client.jobs.process(background=True)):
            started = start()
            assert client.runs.wait(runId=started["runId"], timeoutSeconds=60)["status"] == "completed"
    mailbox = tmp_path / "mail.txt"
    command = f"sh -c 'cat >> {mailbox}'"
    state = tmp_path / "state" / "digest.json"
    done = run_script(daemon, tmp_path, name, "digest.py", "--to", "dana@example.com", "--state", str(state),
                      "--command", command)
    assert done.returncode == 0, done.stderr
    assert mailbox.exists(), done.stdout
    mail = mailbox.read_text()
    assert mail.startswith("To: dana@example.com\nSubject: hired digest for " + name)
    assert "Runs completed (2):" in mail and "kind=mtb.import" in mail and "kind=jobs.process" in mail
    # Nothing new: nothing mailed.
    again = run_script(daemon, tmp_path, name, "digest.py", "--to", "dana@example.com", "--state", str(state),
                       "--command", command)
    assert again.returncode == 0 and "nothing new" in again.stdout
    assert mailbox.read_text() == mail
    # A failing mail command keeps the events for the next digest.
    with hired.connect(daemon.socket) as client:
        client.login(name, PASSWORD)
        started = client.mtb.import_(csv="JobID,Company,Position\nD2,Acme,Fitter\n", background=True)
        client.runs.wait(runId=started["runId"], timeoutSeconds=60)
    failed = run_script(daemon, tmp_path, name, "digest.py", "--to", "d@example.com", "--state", str(state),
                        "--command", "false")
    assert failed.returncode == 1 and "failed" in failed.stderr
    retried = run_script(daemon, tmp_path, name, "digest.py", "--to", "d@example.com", "--state", str(state),
                         "--command", command)
    assert retried.returncode == 0 and "1 events mailed" in retried.stdout


SWIFT_AD = ("Senior iOS Engineer. We build our app in Swift and SwiftUI. Required: 5+ years of Swift, "
            "SwiftUI, Combine, Core Data, XCTest. Nice to have: Kotlin.")
STRONG = ("Alice Strong\nalice@example.com\nSenior iOS Engineer, 8 years.\nSkills: Swift, SwiftUI, Combine, "
          "Core Data, XCTest, Kotlin.\nBuilt three App Store apps in Swift and SwiftUI.\n")
WEAK = "Bob Weak\nbob@example.com\nAccountant, 3 years.\nSkills: Excel, bookkeeping, payroll.\n"


def test_shortlist_moves_the_applications_above_the_score(daemon, tmp_path):
    with hired.connect(daemon.socket) as recruiter:
        name = new_user(recruiter)
        recruiter.login(name, PASSWORD)
        posting = recruiter.postings.publish(title="Senior iOS Engineer", company="Acme", description=SWIFT_AD)
        for text in (STRONG, WEAK):
            with hired.connect(daemon.socket) as candidate:
                candidate.login(new_user(candidate, role="candidate"), PASSWORD)
                resume = candidate.resumes.add(text=text, filename="cv.txt")["resumes"][0]
                candidate.applications.submit(postingId=posting["id"], resumeId=resume["id"])
        apps = recruiter.applications.list(postingId=posting["id"])["applications"]
        scores = sorted(a["score"] for a in apps)
        assert scores[0] < scores[1]
        threshold = (scores[0] + scores[1]) / 2

    dry = run_script(daemon, tmp_path, name, "shortlist.py", "--min-score", f"{threshold:.4f}", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would move 1 to screening" in dry.stdout and "Senior iOS Engineer" in dry.stdout
    done = run_script(daemon, tmp_path, name, "shortlist.py", "--min-score", f"{threshold:.4f}",
                      "--posting", posting["id"])
    assert done.returncode == 0, done.stderr
    assert "moved 1 to screening" in done.stdout
    with hired.connect(daemon.socket) as recruiter:
        recruiter.login(name, PASSWORD)
        after = {a["score"]: a for a in recruiter.applications.list(postingId=posting["id"])["applications"]}
        assert after[scores[1]]["status"] == "screening"
        assert after[scores[1]]["history"][-1]["note"].startswith("shortlisted")
        assert after[scores[0]]["status"] == "submitted"
    # Run again: the shortlisted one is no longer `submitted`, nothing moves.
    again = run_script(daemon, tmp_path, name, "shortlist.py", "--min-score", f"{threshold:.4f}")
    assert "moved 0 to screening" in again.stdout
