"""The blocking client against a real daemon: discovery, calls, checks, errors, login."""

import json
import os
import stat
import subprocess
import tempfile

import pytest

import hired
from conftest import PASSWORD, binary, board_csv, new_user


def test_find_socket_follows_hire(tmp_path):
    runtime = tmp_path / "run"
    (runtime / "hired").mkdir(parents=True)
    os.chmod(runtime, 0o700)
    env = {"XDG_RUNTIME_DIR": str(runtime)}
    user = str(runtime / "hired" / "rpc.sock")
    # Nothing exists: the user socket (or the machine socket when a machine daemon runs here).
    expected = hired._core.SYSTEM_SOCKET if os.path.exists(hired._core.SYSTEM_SOCKET) else user
    assert hired.find_socket(environ=env) == expected
    (runtime / "hired" / "rpc.sock").write_text("")
    assert hired.find_socket(environ=env) == user
    assert hired.find_socket(environ={**env, "HIRED_SOCKET": "/x/s"}) == "/x/s"
    assert hired.find_socket("/given", environ={**env, "HIRED_SOCKET": "/x/s"}) == "/given"
    # A runtime dir others may write to is not used, as hire does not use it.
    os.chmod(runtime, 0o777)
    assert hired.find_socket(environ=env) != user
    assert hired.session_file(environ={**env}).startswith(f"/tmp/hired-{os.getuid()}/")


def test_connect_uses_hired_socket(daemon, monkeypatch):
    monkeypatch.setenv("HIRED_SOCKET", daemon.socket)
    with hired.connect() as client:
        assert client.daemon.ping() == {}
        status = client.daemon.status()
        assert status["socket"] == daemon.socket
        assert client.call("daemon.status")["pid"] == status["pid"]


def test_connect_error_names_the_socket(tmp_path):
    with pytest.raises(hired.ConnectError, match=str(tmp_path / "none")):
        hired.connect(str(tmp_path / "none"))


def test_params_are_checked_before_sending(recruiter):
    with pytest.raises(hired.ParamError, match="'filter'.*filters"):
        recruiter.call("mtb.filter", filter={"state": "TX"})
    with pytest.raises(hired.ParamError, match="needs 'filters'"):
        recruiter.call("mtb.filter")
    with pytest.raises(hired.ParamError, match="no method 'mtb.filterz'"):
        recruiter.call("mtb.filterz")
    with pytest.raises(TypeError):
        recruiter.mtb.filter(filter={"state": "TX"})  # the generated function's own signature
    # The connection is still usable: nothing malformed was sent.
    assert recruiter.mtb.filter(filters={"state": "TX"})["total"] == 0


def test_generated_functions_match_call(recruiter):
    recruiter.mtb.import_(csv=board_csv([("J1", "Acme", "Swift Engineer", "TX", "IT"),
                                         ("J2", "Beta", "Nurse", "CA", "MED")]))
    by_function = recruiter.mtb.filter(filters={"state": "TX"}, save=False)
    by_name = recruiter.call("mtb.filter", filters={"state": "TX"}, save=False)
    assert by_function["jobIds"] == by_name["jobIds"] == ["J1"]
    # A keyword parameter is written with a trailing underscore and sent without it.
    runs = recruiter.history.list(from_="2000-01-01T00:00:00Z", kind="mtb.import")
    assert [r["kind"] for r in runs["runs"]] == ["mtb.import"]
    assert recruiter.call("history.list", from_="2999-01-01T00:00:00Z")["runs"] == []


def test_errors_are_exceptions_by_code_with_data(daemon, recruiter):
    with hired.connect(daemon.socket) as anonymous:
        with pytest.raises(hired.NotAuthenticated) as caught:
            anonymous.jobs.list()
        assert caught.value.code == -32001
    with hired.connect(daemon.socket) as candidate:
        name = new_user(candidate, role="candidate")
        candidate.login(name, PASSWORD)
        with pytest.raises(hired.Forbidden):
            candidate.jobs.list()
    with pytest.raises(hired.UnknownColumn) as caught:
        recruiter.mtb.filter(filters={"planet": "Mars"})
    assert "planet" in caught.value.message
    with pytest.raises(hired.ImportRejected) as caught:
        recruiter.mtb.import_(csv="JobID,Company,Salary\nJ9,Acme,lots\nJ9,Acme,1\n")
    assert isinstance(caught.value.data, dict) and caught.value.data.get("errors")
    assert isinstance(caught.value, hired.RPCError) and isinstance(caught.value, hired.HiredError)


def test_rate_limited_carries_retry_after(daemon):
    with hired.connect(daemon.socket) as client:
        name = "nobody" + os.urandom(4).hex()
        for _ in range(5):
            with pytest.raises(hired.WrongCredentials):
                client.login(name, "not the password at all")
        with pytest.raises(hired.RateLimited) as caught:
            client.login(name, "not the password at all")
        assert caught.value.retry_after and caught.value.retry_after > 0


def test_attach_with_the_token_hire_login_saved(daemon, tmp_path):
    with hired.connect(daemon.socket) as client:
        name = new_user(client)
    env = daemon.env(HIRE_SESSION_FILE=str(tmp_path / "session"))
    done = subprocess.run([binary("hire"), "login", name, "--password-stdin"], input=PASSWORD + "\n",
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    with hired.connect(daemon.socket) as client:
        with pytest.raises(hired.NotAuthenticated):
            client.auth.whoami()
        os.environ["HIRE_SESSION_FILE"] = str(tmp_path / "session")
        try:
            client.attach()
        finally:
            del os.environ["HIRE_SESSION_FILE"]
        assert client.auth.whoami()["username"] == name


def test_attach_refuses_a_session_saved_for_another_socket(daemon, tmp_path, monkeypatch):
    path = tmp_path / "session"
    path.write_text(json.dumps({"socket": "/elsewhere/rpc.sock", "token": "t"}))
    monkeypatch.setenv("HIRE_SESSION_FILE", str(path))
    with hired.connect(daemon.socket) as client:
        with pytest.raises(hired.NoSavedSession, match="not for"):
            client.attach()


def test_a_closed_connection_fails_the_waiting_call(daemon):
    client = hired.connect(daemon.socket)
    client.close()
    with pytest.raises(hired.ConnectionClosed):
        client.daemon.ping()
