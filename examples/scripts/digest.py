#!/usr/bin/env python3
"""Mail a digest of what happened since the last digest: applications received, status
changes, interviews, runs that completed or failed, and the vault's totals.

    digest.py --to dana@example.com --state ~/.local/state/hired-digest.json \
              [--command "/usr/sbin/sendmail -t"]

The message (headers, a blank line, plain text) goes to the standard input of the command
(`--command`, else $HIRED_MAIL_COMMAND, else `/usr/sbin/sendmail -t`). The state file keeps
the last event id mailed, so each event is in one digest only; nothing is mailed when
nothing happened, unless --always. Exit status: 0 done, 1 the daemon or the mail command
failed (the state is then left as it was, so the next run mails the same events again).
"""

import argparse
import collections
import datetime
import json
import os
import shlex
import subprocess
import sys

import hired
from hired_session import session

TITLES = {
    "application.received": "Applications received",
    "application.status": "Application status changes",
    "interview.assigned": "Interviews assigned",
    "interview.submitted": "Interviews submitted",
    "interview.reviewed": "Interviews reviewed",
    "posting.closed": "Postings closed",
    "run.completed": "Runs completed",
    "run.failed": "Runs failed",
}


def read_state(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def write_state(path: str, state: dict) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(state, f)
    os.replace(temporary, path)


def describe(event: dict) -> str:
    """One line for an event, from the fields its data carries."""
    data = event.get("data") or {}
    parts = [f"{k}={data[k]}" for k in ("kind", "status", "from", "to", "title", "candidate", "postingId",
                                        "applicationId", "interviewId", "runId") if k in data and not isinstance(data[k], (dict, list))]
    return f"  {event['at']}  " + (" ".join(parts) or json.dumps(data, sort_keys=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--to", required=True, help="recipient address")
    parser.add_argument("--state", required=True, help="file keeping the last event id mailed")
    parser.add_argument("--command", default=os.environ.get("HIRED_MAIL_COMMAND", "/usr/sbin/sendmail -t"),
                        help="mail command reading the message on stdin")
    parser.add_argument("--always", action="store_true", help="mail even when nothing happened")
    args = parser.parse_args()

    state = read_state(args.state)
    since = state.get("lastEventId")
    events = []
    with session() as client:
        user = client.auth.whoami()
        while True:
            page = client.events.list(limit=1000, **({"since": since} if since is not None else {}))
            if not page["events"]:
                break
            events += page["events"]
            since = page["nextCursor"]  # the last event's id
        stats = client.stats.get()
    if not events and not args.always:
        print("digest: nothing new")
        return 0

    by_topic = collections.defaultdict(list)
    for event in events:
        by_topic[event["topic"]].append(event)
    today = datetime.date.today().isoformat()
    lines = [f"To: {args.to}", f"Subject: hired digest for {user['username']}, {today}: {len(events)} events",
             "Content-Type: text/plain; charset=utf-8", "",
             f"Since the last digest: {len(events)} events.", ""]
    for topic, title in TITLES.items():
        if by_topic.get(topic):
            lines.append(f"{title} ({len(by_topic[topic])}):")
            lines += [describe(e) for e in by_topic[topic]]
            lines.append("")
    lines.append(f"In the vault: {stats['jobs']} jobs, {stats['resumes']} resumes.")
    message = "\n".join(lines) + "\n"

    done = subprocess.run(shlex.split(args.command), input=message.encode(), capture_output=True)
    if done.returncode != 0:
        print(f"digest: {args.command!r} failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}",
              file=sys.stderr)
        return 1
    if events:
        write_state(args.state, {"lastEventId": events[-1]["id"]})
    print(f"digest: {len(events)} events mailed to {args.to}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except hired.HiredError as error:
        print(f"digest: {error}", file=sys.stderr)
        sys.exit(1)
