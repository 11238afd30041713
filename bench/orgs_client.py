"""bench/orgs_client.py — drives bench/orgs.sh's daemons: one recruiter per daemon, one org
shared by all of them, then times (0) a board CSV imported into the org (orgs.import) until every
replica holds it, and the same file again, (1) a new member's first sync by replaying the log and from
a snapshot, (2) concurrent edits spread over the daemons until every replica converges, and (3)
applications fanning in: CANDIDATES candidates, spread over the daemons, apply at once to a
posting the org published, until every recruiter's copy of the org lists them all.

Usage: orgs_client.py OUT.md ROWS EDITS CANDIDATES SOCKET...   (the last socket is kept for the joiners)
"""

import concurrent.futures
import hashlib
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hired_rpc import Hired, die, machine_rows, markdown_tables, print_report, write_markdown  # noqa: E402

PASSWORD = "benchmark passphrase"


def recruiter(path, name):
    client = Hired(path)
    client.call("auth.register", {"username": name, "email": f"{name}@example.com", "password": PASSWORD,
                                  "role": "recruiter", "displayName": name})
    client.call("auth.login", {"login": name, "password": PASSWORD})
    return client


def reconnected(clients, sockets):
    """New connections, logged in as the same recruiters: a daemon closes a connection idle for
    10 minutes, which the other members' are while a large board is imported on one machine."""
    fresh = []
    for i, (client, path) in enumerate(zip(clients, sockets)):
        client.close()
        again = Hired(path)
        again.call("auth.login", {"login": f"recruiter{i}", "password": PASSWORD})
        fresh.append(again)
    return fresh


def board_digest(client, org):
    jobs = client.call("orgs.board", {"orgId": org})["jobs"]
    return len(jobs), hashlib.sha256(json.dumps(jobs, sort_keys=True).encode()).hexdigest()


def content_hash(client, org):
    """The daemon's hash of its copy of the org's shared data (orgs.status, when asked)."""
    return client.call("orgs.status", {"orgId": org, "contentHash": True})["contentHash"]


def wait_converged(clients, org, rows, timeout=1800):
    """Until every replica has pushed its edits, applied the log (orgs.status syncs first) and
    holds the same board of `rows` jobs; returns the board's digest."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        statuses = [c.call("orgs.status", {"orgId": org}) for c in clients]
        if all(s["pendingChanges"] == 0 and s["lagEntries"] == 0 and not s.get("syncError") for s in statuses):
            # Every replica's own hash of its copy first (no board crosses the socket), then
            # one board to count its jobs.
            if len({content_hash(c, org) for c in clients}) == 1:
                count, digest = board_digest(clients[0], org)
                if count == rows:
                    return digest
        time.sleep(0.05)
    die("the replicas did not converge")


def edits(client, org, jobs, tag):
    """One orgs.edit per job, pipelined in windows of 32 (the most a connection may have in
    flight); the daemon applies them in order."""
    params = [{"orgId": org, "jobId": f"J-{j:06d}", "set": {"company": f"{tag} {j}", "notes": tag}} for j in jobs]
    client.batch("orgs.edit", params, 32)


HEADER = ("JobID,Company,Position,City,State,Country,Salary,Bonus,Received,Conditional Fee,Internal,"
          "Client Rating,CAT,Visa,HR/HM,CM,Pipeline #,Pipeline Candidates,Notes,Industry Segment")


def board_csv(rows):
    """A board of `rows` jobs, every column filled (19 fields a job to share)."""
    cities = ["Austin,TX", "Denver,CO", "Boston,MA", "Seattle,WA", "Tampa,FL"]
    lines = [HEADER]
    for j in range(rows):
        lines.append(f"J-{j:06d},Company {j % 997},Position {j % 89},{cities[j % 5]},USA,${90 + j % 60}k,5%,"
                     f"2026-0{1 + j % 9}-1{j % 10},20%,No,{1 + j % 5},A,H1B,HR {j % 31},CM {j % 17},{j % 7},"
                     f"Cand {j % 13},note {j},Segment {j % 11}")
    return "\n".join(lines) + "\n"


def time_join(admin, org, path, name, rows):
    code = admin.call("orgs.invite", {"orgId": org, "role": "recruiter"})["code"]
    joiner = recruiter(path, name)
    start = time.perf_counter()
    joiner.call("orgs.join", {"code": code})
    while True:
        status = joiner.call("orgs.status", {"orgId": org})
        if status["lagEntries"] == 0 and board_digest(joiner, org)[0] == rows:
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    joiner.close()
    return seconds


AD = ("iOS engineer for a staffing agency's client. Requirements: 5+ years of Swift, iOS and SQLite; "
      "Combine and Kotlin are a plus. Full-time, remote.")
SKILLS = ["Swift", "iOS", "SQLite", "Kotlin", "Combine", "Python", "SQL", "Docker", "AWS", "React"]


def candidate_resume(i):
    skills = ", ".join(SKILLS[(i + k) % len(SKILLS)] for k in range(4))
    return f"Candidate {i}\ncand{i}@example.org\nSoftware engineer, {2 + i % 12} years. Skills: {skills}.\n"


def fan_in(clients, sockets, org, candidates):
    """CANDIDATES candidates (accounts, logins and resumes made first, not timed), spread over
    the daemons, apply at once to a posting the org published; returns (all submitted, every
    recruiter's copy lists them all) in seconds."""
    posting = clients[0].call("postings.publish", {"title": "iOS Engineer", "company": "Bench Agency", "description": AD,
                                                   "orgId": org})["id"]
    print(f"orgs_client: registering {candidates} candidates ...", file=sys.stderr)

    def make(i):
        client = Hired(sockets[i % len(sockets)])
        client.call("auth.register", {"username": f"cand{i:05d}", "email": f"cand{i}@example.org", "password": PASSWORD,
                                      "role": "candidate"})
        token = client.call("auth.login", {"login": f"cand{i:05d}", "password": PASSWORD})["token"]
        resume = client.call("resumes.add", {"text": candidate_resume(i), "filename": f"cv{i}.txt"})["resumes"][0]["id"]
        client.close()
        return token, resume

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        people = list(pool.map(make, range(candidates)))

    def apply(i):
        token, resume = people[i]
        client = Hired(sockets[i % len(sockets)])
        client.call("auth.attach", {"token": token})
        client.call("applications.submit", {"postingId": posting, "resumeId": resume})
        client.close()

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2 * len(sockets)) as pool:
        list(pool.map(apply, range(candidates)))
    submitted = time.perf_counter() - start
    # Until every replica converged (the org's daemons take the org's inbox in the background,
    # woken through PostgreSQL) and holds them all: postings.get counts from the caller's copy
    # of the org without taking anything from the inbox.
    # Checked every quarter second, cheapest first: twenty daemons hashing their copies at once
    # load the same two cores that do the work.
    deadline = time.monotonic() + 1800
    while True:
        if time.monotonic() > deadline:
            die("the applications did not reach every recruiter")
        if (all(c.call("postings.get", {"postingId": posting})["applicationCount"] == candidates for c in clients)
                and all(s["pendingChanges"] == 0 and s["lagEntries"] == 0 and not s.get("syncError")
                        for s in (c.call("orgs.status", {"orgId": org}) for c in clients))
                and len({content_hash(c, org) for c in clients}) == 1):
            break
        time.sleep(0.25)
    fanned_in = time.perf_counter() - start
    for client in clients:
        listed = client.call("applications.list", {"postingId": posting, "limit": 1000})["applications"]
        if len(listed) != candidates:
            die(f"a recruiter lists {len(listed)} of {candidates} applications")
    return submitted, fanned_in


def main():
    out, rows, count, candidates = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    sockets, spare = sys.argv[5:-1], sys.argv[-1]
    load_start = os.getloadavg()
    clients = [recruiter(path, f"recruiter{i}") for i, path in enumerate(sockets)]
    admin = clients[0]
    org = admin.call("orgs.create", {"name": "Bench Agency"})["orgId"]
    for client in clients[1:]:
        code = admin.call("orgs.invite", {"orgId": org, "role": "recruiter"})["code"]
        client.call("orgs.join", {"code": code})

    # The board arrives as the agency's daily CSV, imported into the org on one daemon.
    csv = board_csv(rows)
    start = time.perf_counter()
    imported = admin.call("orgs.import", {"orgId": org, "csv": csv})
    if imported["inserted"] != rows:
        die(f"orgs.import inserted {imported['inserted']} of {rows}")
    import_seconds = time.perf_counter() - start
    clients = reconnected(clients, sockets)
    admin = clients[0]
    wait_converged(clients, org, rows)
    seed_seconds = time.perf_counter() - start
    start = time.perf_counter()
    again = admin.call("orgs.import", {"orgId": org, "csv": csv})
    reimport_seconds = time.perf_counter() - start
    if again["unchanged"] != rows:
        die(f"importing the same file again changed {rows - again['unchanged']} jobs")

    replay = time_join(admin, org, spare, "joiner1", rows)
    admin.call("orgs.compact", {"orgId": org})
    snapshot = time_join(admin, org, spare, "joiner2", rows)

    # count edits spread over the daemons at once, each on rows already on the board.
    share = [range(i, count, len(clients)) for i in range(len(clients))]
    threads = [threading.Thread(target=edits, args=(c, org, [j % rows for j in part], f"e{i}"))
               for i, (c, part) in enumerate(zip(clients, share))]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    issued = time.perf_counter() - start
    wait_converged(clients, org, rows)
    converge = time.perf_counter() - start

    submitted, fanned_in = fan_in(clients, sockets, org, candidates)

    measured = [
        (f"orgs.import of a {rows}-job board (19 fields a job) on one daemon", f"{import_seconds:.1f} s", "", "",
         f"{rows / import_seconds:.0f} jobs/s", ""),
        (f"... all {len(clients)} replicas hold it (same content hash)", f"{seed_seconds:.1f} s", "", "",
         f"{rows / seed_seconds:.0f} jobs/s", ""),
        ("the same file imported again (nothing to send)", f"{reimport_seconds:.1f} s", "", "", "", ""),
        (f"new member in sync, replaying {rows}+ entries", f"{replay:.1f} s", "", "", "", ""),
        ("new member in sync, from a snapshot", f"{snapshot:.1f} s", "", f"{replay / snapshot:.1f}x faster", "", ""),
        (f"{count} concurrent edits over {len(clients)} daemons: all issued", f"{issued:.1f} s", "", "", "", ""),
        (f"... all {len(clients)} replicas converged (same content hash)", f"{converge:.1f} s", "", "",
         f"{count / converge:.0f} changes/s", ""),
        (f"{candidates} candidates over {len(clients)} daemons apply to an org posting: all submitted", f"{submitted:.1f} s",
         "", "", f"{candidates / submitted:.0f} applications/s", ""),
        (f"... every recruiter's copy of the org lists all {candidates}", f"{fanned_in:.1f} s", "", "",
         f"{candidates / fanned_in:.0f} applications/s", ""),
    ]
    info = [("daemons", str(len(clients))), ("board rows", str(rows)), ("concurrent edits", str(count)),
            ("candidates applying", str(candidates))]
    info += machine_rows(load_start)
    print_report("Orgs through PostgreSQL", measured, info)
    write_markdown(out, ["# Orgs through PostgreSQL (bench/orgs.sh)", ""] + markdown_tables(measured, info))
    for client in clients:
        client.close()


if __name__ == "__main__":
    main()
