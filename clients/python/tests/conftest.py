"""A real hired for the tests: the binary built in this checkout (or $HIRED_BIN_DIR), started
on a short socket path in a temp dir, with its data there too. No fake server.

The tests import the installed `hired` (`make test-python` installs this checkout into a
venv with pip; by hand: `python3 -m pip install -e clients/python pytest`);
test_generated.py checks that it is this checkout's."""

import os
import shutil
import subprocess
import tempfile
import time
import uuid

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PASSWORD = "a long test passphrase"

import hired  # noqa: E402


def binary(name):
    directory = os.environ.get("HIRED_BIN_DIR") or os.path.join(ROOT, ".build", "debug")
    path = os.path.join(directory, name)
    if not os.access(path, os.X_OK):
        pytest.exit(f"no {path}: build first (swift build) or set HIRED_BIN_DIR", returncode=2)
    return path


class Daemon:
    """One hired process; `stop()` sends SIGTERM and waits."""

    def __init__(self, work, extra=()):
        self.work = work
        self.socket = os.path.join(work, "s")
        self.log_path = os.path.join(work, "hired.log")
        self.log = open(self.log_path, "wb")
        # --kdf-memory-mib: cheap password hashing, so logins take milliseconds in tests.
        self.process = subprocess.Popen(
            [binary("hired"), "--socket", self.socket, "--data-dir", os.path.join(work, "data"),
             "--log-level", "warning", "--kdf-memory-mib", "8", *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while not os.path.exists(self.socket):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("hired did not start:\n" + open(self.log_path).read()[-2000:])
            time.sleep(0.02)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def env(self, **extra):
        """An environment for a script or `hire` talking to this daemon."""
        env = dict(os.environ)
        env["HIRED_SOCKET"] = self.socket
        env["HIRE_SESSION_FILE"] = os.path.join(self.work, "session")
        env.update(extra)
        return env


@pytest.fixture(scope="session")
def daemon():
    work = tempfile.mkdtemp(prefix="hpy", dir="/tmp")
    d = Daemon(work)
    yield d
    d.stop()
    shutil.rmtree(work, ignore_errors=True)


def new_user(client, role="recruiter"):
    """Registers a fresh user (names differ per test, so tests share one daemon)."""
    name = "u" + uuid.uuid4().hex[:12]
    client.auth.register(username=name, email=f"{name}@example.com", password=PASSWORD, role=role)
    return name


@pytest.fixture
def recruiter(daemon):
    """A connection logged in as a new recruiter."""
    with hired.connect(daemon.socket) as client:
        name = new_user(client)
        client.login(name, PASSWORD)
        client.username = name
        yield client


def board_csv(rows):
    """A board CSV with the columns the tests use; rows: [(jobId, company, position, state, cat)]."""
    lines = ["JobID,Company,Position,City,State,CAT"]
    lines += [f"{j},{c},{p},Austin,{s},{cat}" for j, c, p, s, cat in rows]
    return "\n".join(lines) + "\n"
