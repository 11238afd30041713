"""bench/hired_rpc.py — what the benchmark clients share: a JSON-RPC connection to hired
over its Unix socket (sequential calls, or batches written at once and read back) and the
daemon's memory and CPU time from /proc."""

import json
import os
import platform
import socket
import sys


def die(message):
    print(f"{os.path.basename(sys.argv[0]).removesuffix('.py')}: {message}", file=sys.stderr)
    sys.exit(1)


class Hired:
    """One connection; sequential calls, or batches written at once and then read back."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.settimeout(None)  # a 1M-row import or a first match.run takes a while
        self.file = self.sock.makefile("rwb", buffering=1 << 20)
        self.next_id = 0

    def _send(self, method, params):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params or {}}
        self.file.write(json.dumps(request, separators=(",", ":")).encode() + b"\n")
        return self.next_id

    def _replies(self, method, ids):
        """Reads until every id in ids has its reply; returns {id: result}."""
        wanted, results = set(ids), {}
        while wanted:
            line = self.file.readline()
            if not line:
                die(f"{method}: the daemon closed the connection")
            reply = json.loads(line)
            if reply.get("id") not in wanted:
                continue  # a notification ($/progress, ...), not one of our replies
            if "error" in reply:
                die(f"{method} failed: {json.dumps(reply['error'])}")
            wanted.discard(reply["id"])
            results[reply["id"]] = reply["result"]
        return results

    def close(self):
        self.file.close()
        self.sock.close()

    def call(self, method, params=None):
        request_id = self._send(method, params)
        self.file.flush()
        return self._replies(method, [request_id])[request_id]

    def batch(self, method, params_list, window):
        """Writes window requests, flushes, reads their replies; again until done."""
        results = []
        for start in range(0, len(params_list), window):
            ids = [self._send(method, p) for p in params_list[start:start + window]]
            self.file.flush()
            replies = self._replies(method, ids)
            results += [replies[i] for i in ids]
        return results


def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                out[key] = int(value.split()[0]) / 1024.0  # kB -> MiB
    return out


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def machine_rows(load_start):
    """The closing detail rows every report has: the machine and its load during the run."""
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return [
        ("machine", f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"),
        ("load average (1 min) at start / end", f"{load_start[0]:.2f} / {os.getloadavg()[0]:.2f}"),
    ]


def print_report(title, rows, info):
    """Prints the measurement rows as an aligned table, then the detail lines."""
    head = ("measurement", "hired", "other", "ratio", "target", "")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(6)]

    def line(r):
        return "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()

    print(title)
    print(line(head))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))
    print()
    w = max(len(k) for k, _ in info)
    for k, v in info:
        print(f"{k.ljust(w)}  {v}")


def markdown_tables(rows, info):
    """The measurement rows and the detail lines as Markdown tables."""
    md = ["| measurement | hired | other | ratio | target | |", "|---|---|---|---|---|---|"]
    md += ["| " + " | ".join(str(c).strip() for c in r) + " |" for r in rows]
    md += ["", "| detail | value |", "|---|---|"]
    md += [f"| {k} | {v.replace('|', '/')} |" for k, v in info]
    return md


def write_markdown(path, md):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(md) + "\n")
