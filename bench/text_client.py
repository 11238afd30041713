#!/usr/bin/env python3
"""bench/text_client.py — the measuring half of bench/text.sh (see there).

Sends each text once with `resumes.add {text}` and once with `jobs.attachDescription {text}`
and reports wall seconds per MB (the daemon's own CPU seconds alongside). Messages are framed
with Content-Length headers: newline framing is measured by bench/ping.sh, not here.
"""

import argparse
import json
import os
import random
import socket
import sqlite3
import time

from hired_rpc import die, machine_rows, markdown_tables, print_report, proc_cpu_seconds, write_markdown

TARGET = 0.2  # seconds per MB


class FramedHired:
    """One connection with Content-Length framing; sequential calls."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.file = self.sock.makefile("rwb", buffering=1 << 20)
        self.next_id = 0

    def call(self, method, params):
        self.next_id += 1
        body = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params},
                          separators=(",", ":")).encode()
        self.file.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.file.flush()
        while True:
            length = None
            while True:
                line = self.file.readline()
                if not line:
                    die(f"{method}: the daemon closed the connection")
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            reply = json.loads(self.file.read(length))
            if reply.get("id") != self.next_id:
                continue  # a notification
            if "error" in reply:
                die(f"{method} failed: {json.dumps(reply['error'])[:300]}")
            return reply["result"]


def texts(resume, size):
    """The shapes, each about `size` bytes: name -> text."""
    lines = resume.splitlines()
    out, n = [], 0
    while n < size:
        block = "\n".join(line.replace("20", str(10 + len(out) % 80)) for line in lines) + "\n"
        out.append(block)
        n += len(block)
    realistic = "".join(out)[:size]
    letters = "abcdefghijklmnopqrstuvwxyz"
    titles = "Experience\n" + "".join(
        f"Q{letters[i % 26]}{letters[i // 26 % 26]}{letters[i // 676 % 26]}{letters[i // 17576 % 26]} Engineer\n"
        for i in range(size // 15))
    rng = random.Random(9)
    words, n = [], 0
    while n < size:
        word = "".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
        words.append(word + ("\n" if len(words) % 12 == 11 else " "))
        n += len(word) + 1
    return {
        "resume-like": realistic,
        "random words": "Experience\n" + "".join(words)[:size],
        "one line": realistic.replace("\n", " "),
        "short lines": titles[:size],
        "huge word": "Experience\n" + "a" * size,
        "punctuation": "Experience\n" + ("-" * 50 + "*" * 50 + "." * 50 + "|" * 50) * (size // 200),
        "markdown marks": "Experience\n" + ("[x <a ` `` [a](b " * (size // 17)),  # read as Markdown by resumes.add
    }


def fts5_alone(text):
    """The reference: seconds SQLite's own FTS5 (this Python's sqlite3, the system library)
    takes to index the text alone into an in-memory table, the floor under `resumes.add`, which
    also full-text indexes each resume (a text of mostly distinct words costs FTS5 the most)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61')")
    t0 = time.perf_counter()
    db.execute("INSERT INTO t(text) VALUES (?)", (text,))
    db.commit()
    seconds = time.perf_counter() - t0
    db.close()
    return seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--sizes", default="1 2 4 8")
    parser.add_argument("--resume", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--shapes", default=os.environ.get("SHAPES", ""), help="comma-separated shapes (default: all)")
    args = parser.parse_args()
    load_start = os.getloadavg()

    hired = FramedHired(args.socket)
    hired.call("auth.register", {"username": "bench", "email": "bench@example.com",
                                 "password": "benchmark passphrase", "role": "recruiter"})
    hired.call("auth.login", {"login": "bench", "password": "benchmark passphrase"})
    header = "JobID,Company,Position,City,State,Country,Salary,Bonus,Received,Conditional Fee,Internal," \
             "Client Rating,CAT,Visa,HR/HM,CM,Pipeline #,Pipeline Candidates,Notes,Industry Segment"
    hired.call("mtb.import", {"csv": header + "\nJ-1,Acme,Frontend Engineer,Austin,TX,USA" + "," * 14})
    with open(args.resume) as f:
        resume = f.read()

    rows, worst = [], 0.0
    sizes = [int(s) for s in args.sizes.split()]
    for size in sizes:
        for shape, text in texts(resume, size * 1_000_000).items():
            if args.shapes and shape not in args.shapes.split(","):
                continue
            megabytes = len(text.encode()) / 1e6
            filename = "bench.md" if shape == "markdown marks" else "bench.txt"
            # allowDuplicates: every text is the same person (same email), and is stored anyway.
            for method, params in (("resumes.add", {"text": text, "filename": filename, "allowDuplicates": True}),
                                   ("jobs.attachDescription", {"jobId": "J-1", "text": text})):
                cpu0, t0 = proc_cpu_seconds(args.pid), time.perf_counter()
                hired.call(method, params)
                wall, cpu = time.perf_counter() - t0, proc_cpu_seconds(args.pid) - cpu0
                per_mb = wall / megabytes
                worst = max(worst, per_mb)
                ratio = ""
                if method == "resumes.add":
                    fts = fts5_alone(text) / megabytes
                    ratio = f"{per_mb / fts:.2f}x FTS5 alone ({fts:.3f} s/MB)"
                rows.append((f"{method} {shape}, {size} MB", f"{per_mb:.3f} s/MB", f"{cpu / megabytes:.3f} CPU s/MB",
                             ratio, f"<= {TARGET}", "met" if per_mb <= TARGET else "MISSED"))
    info = [("sizes", ", ".join(f"{s} MB" for s in sizes)), ("worst", f"{worst:.3f} s/MB")] + machine_rows(load_start)
    print_report("hired: seconds per MB of text (wall; the daemon's CPU alongside)", rows, info)
    write_markdown(args.out, ["# bench/text.sh", ""] + markdown_tables(rows, info))


if __name__ == "__main__":
    main()
