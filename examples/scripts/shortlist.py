#!/usr/bin/env python3
"""Shortlist the applications to your postings that score at least a threshold: move them
from `submitted` to `screening` (or --to another status) with a note saying why.

    shortlist.py --min-score 0.35 [--posting P-3f2a9c] [--to screening] [--dry-run]

Prints one line per application moved (or that would be, with --dry-run). Applications
below the threshold are left as they are. Exit status: 0 done, 1 the daemon refused.
"""

import argparse
import sys
from typing import Any, Dict

import hired
from hired_session import session


def submitted(client: hired.Client, posting: str) -> list:
    """Every application still `submitted`, over all pages."""
    found, cursor = [], None
    while True:
        params: Dict[str, Any] = {"status": "submitted", "sort": {"by": "score", "order": "desc"}, "limit": 1000}
        if posting:
            params["postingId"] = posting
        if cursor:
            params["cursor"] = cursor
        page = client.applications.list(**params)
        found += page["applications"]
        cursor = page.get("nextCursor")
        if not cursor:
            return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-score", type=float, required=True, help="0…1, as applications.list reports it")
    parser.add_argument("--posting", help="only this posting (default: all of yours)")
    parser.add_argument("--to", default="screening", help="the status to move them to (default screening)")
    parser.add_argument("--dry-run", action="store_true", help="print, change nothing")
    args = parser.parse_args()

    with session() as client:
        chosen = [a for a in submitted(client, args.posting) if (a.get("score") or 0) >= args.min_score]
        for a in chosen:
            skills = ", ".join((a.get("explanation") or {}).get("matchedSkills", [])[:5])
            print(f"{a['id']}  {a['score']:.3f}  {a['candidate']['displayName']}  {a['posting']['title']}"
                  + (f"  ({skills})" if skills else ""))
        if chosen and not args.dry_run:
            client.applications.setStatus(applicationIds=[a["id"] for a in chosen], status=args.to,
                                          note=f"shortlisted: score at least {args.min_score}")
    verb = "would move" if args.dry_run else "moved"
    print(f"shortlist: {verb} {len(chosen)} to {args.to}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except hired.HiredError as error:
        print(f"shortlist: {error}", file=sys.stderr)
        sys.exit(1)
