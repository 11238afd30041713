"""Progress, cancellation (another thread, Ctrl-C), events and the asyncio flavour."""

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest

import hired
from conftest import PASSWORD, board_csv, new_user

# Large enough that an import reports progress many times before it ends.
BIG_ROWS = 40000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("board") / "big.csv"
    path.write_text(board_csv([(f"J{i}", f"Company {i % 97}", "Engineer", "TX", "IT") for i in range(BIG_ROWS)]))
    return str(path)


def test_progress_reaches_the_callback(recruiter, big_csv):
    reports = []
    result = recruiter.mtb.import_(path=big_csv, progress=reports.append)
    assert result["inserted"] == BIG_ROWS
    assert reports, "no $/progress report"
    assert all(isinstance(r, dict) for r in reports)
    assert reports[-1].get("total") in (None, BIG_ROWS) or reports[-1]["done"] <= reports[-1]["total"]


def test_cancel_from_another_thread(recruiter, big_csv):
    first = threading.Event()
    call = recruiter.submit("mtb.import", path=big_csv, progress=lambda value: first.set())
    assert first.wait(120), "no progress before the import ended"
    threading.Thread(target=call.cancel).start()
    with pytest.raises(hired.RequestCancelled):
        call.result()
    # Cancelled means undone: the board is still empty.
    assert recruiter.stats.get()["jobs"] == 0
    assert recruiter.daemon.ping() == {}


def test_ctrl_c_cancels_the_call_on_the_daemon(daemon, big_csv):
    with hired.connect(daemon.socket) as client:
        name = new_user(client)
    # A script as a user writes it; SIGINT arrives while it waits for the import, after the
    # first report of rows read (not the last one, which comes when the import is done). The
    # script sets Python's own handler, as a terminal session has it: a test runner started in
    # the background hands its children SIGINT ignored, and Python then keeps it ignored.
    script = textwrap.dedent(f"""
        import os, signal, sys, hired
        signal.signal(signal.SIGINT, signal.default_int_handler)
        with hired.connect() as client:
            client.login({name!r}, {PASSWORD!r})
            sent = []
            def progress(value):
                if not sent and value.get("total") is None:
                    sent.append(1)
                    os.kill(os.getpid(), signal.SIGINT)
            try:
                client.mtb.import_(path={big_csv!r}, progress=progress)
                print("finished")
            except KeyboardInterrupt:
                print("interrupted", client.stats.get()["jobs"])
    """)
    done = subprocess.run([sys.executable, "-c", script], env=daemon.env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["interrupted", "0"]


def test_events_iterates_over_notifications(recruiter):
    events = recruiter.events(["run.completed"], timeout=60)
    started = recruiter.mtb.import_(csv=board_csv([("E1", "Acme", "Welder", "OH", "MFG")]), background=True)
    event = next(events)
    assert event["topic"] == "run.completed"
    assert event["data"].get("runId") == started["runId"], event
    events.close()
    # The same namespace still calls the events.* methods.
    assert any(e["topic"] == "run.completed" for e in recruiter.events.list()["events"])


def test_asyncio_flavour(daemon, big_csv):
    async def session():
        async with await hired.connect_async(daemon.socket) as client:
            name = "a" + os.urandom(6).hex()
            await client.auth.register(username=name, email=f"{name}@example.com", password=PASSWORD, role="recruiter")
            await client.login(name, PASSWORD)
            assert (await client.auth.whoami())["username"] == name
            with pytest.raises(hired.ParamError):
                await client.call("jobs.list", filter={})
            with pytest.raises(hired.JobNotFound):
                await client.jobs.get(jobId="nope")
            # Cancelling the task cancels the call on the daemon.
            first = asyncio.Event()
            task = asyncio.ensure_future(client.mtb.import_(path=big_csv, progress=lambda v: first.set()))
            await asyncio.wait_for(first.wait(), 120)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # Events, then a call on the same connection.
            events = await client.events(["run.completed"], timeout=60)
            started = await client.call("mtb.import", csv=board_csv([("A1", "Acme", "Welder", "OH", "MFG")]), background=True)
            async for event in events:
                assert event["data"].get("runId") == started["runId"]
                break
            await events.aclose()
            stats = await client.stats.get()
            assert stats["jobs"] == 1  # the cancelled import left nothing
    asyncio.run(session())
