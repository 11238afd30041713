"""What both flavours share: finding the socket and the CLI's session, checking params
against the catalogue, encoding requests, and turning replies into results or exceptions."""

import json
import keyword
import os
import stat
from typing import Any, Callable, Dict, Mapping, Optional

from ._errors import NoSavedSession, ParamError, RPCError
from ._generated import ERRORS, METHODS

SYSTEM_SOCKET = "/run/hired/rpc.sock"

Progress = Callable[[Dict[str, Any]], None]


def _safe_runtime_dir(path: str) -> bool:
    """The XDG_RUNTIME_DIR rules `hire` applies: absolute, a directory we own, not writable
    by group or others."""
    if not path.startswith("/"):
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def user_socket(environ: Optional[Mapping[str, str]] = None) -> str:
    """The user-mode socket: ``$XDG_RUNTIME_DIR/hired/rpc.sock`` or ``/tmp/hired-<uid>/rpc.sock``."""
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and _safe_runtime_dir(runtime):
        return os.path.join(runtime, "hired", "rpc.sock")
    return f"/tmp/hired-{os.getuid()}/rpc.sock"


def find_socket(socket: Optional[str] = None, environ: Optional[Mapping[str, str]] = None) -> str:
    """The socket as ``hire`` finds it: the one given, ``$HIRED_SOCKET``, the user socket when
    it exists, the machine socket when it exists, else the user socket (for the error)."""
    if socket:
        return socket
    env = os.environ if environ is None else environ
    explicit = env.get("HIRED_SOCKET", "")
    if explicit:
        return explicit
    user = user_socket(env)
    if os.path.exists(user):
        return user
    if os.path.exists(SYSTEM_SOCKET):
        return SYSTEM_SOCKET
    return user


def session_file(environ: Optional[Mapping[str, str]] = None) -> str:
    """Where ``hire login`` keeps its token: ``$HIRE_SESSION_FILE`` or ``session`` beside the
    user socket."""
    env = os.environ if environ is None else environ
    explicit = env.get("HIRE_SESSION_FILE", "")
    if explicit:
        return explicit
    return os.path.join(os.path.dirname(user_socket(env)), "session")


def saved_token(socket: str, environ: Optional[Mapping[str, str]] = None) -> str:
    """The token ``hire login`` saved for this socket (a token is never sent elsewhere)."""
    path = session_file(environ)
    try:
        with open(path, encoding="utf-8") as f:
            saved = json.load(f)
    except (OSError, ValueError):
        raise NoSavedSession(f"no saved session in {path}: run `hire login` or pass a token") from None
    # {"sessions": {socket: token}}; earlier versions wrote one {"socket": ..., "token": ...}.
    token = None
    if isinstance(saved, dict):
        sessions = saved.get("sessions")
        if isinstance(sessions, dict):
            token = sessions.get(socket)
        if token is None and saved.get("socket") == socket:
            token = saved.get("token")
    if not isinstance(token, str):
        raise NoSavedSession(f"the session in {path} is not for {socket}: run `hire login`")
    return token


def _wire_name(name: str) -> str:
    """``from_`` (a Python keyword escaped) is the wire's ``from``."""
    if name.endswith("_") and keyword.iskeyword(name[:-1]):
        return name[:-1]
    return name


def check_params(method: str, params: Mapping[str, Any]) -> Dict[str, Any]:
    """The params with wire names, after checking them against the catalogue: an unknown
    method or parameter, or a missing required one, raises ParamError naming it."""
    wire = {_wire_name(k): v for k, v in params.items()}
    entry = METHODS.get(method)
    if entry is None:
        raise ParamError(f"hired has no method {method!r}")
    names, required, _ = entry
    unknown = sorted(set(wire) - set(names))
    if unknown:
        known = ", ".join(names) or "none"
        raise ParamError(f"{method} has no parameter {', '.join(map(repr, unknown))} (it takes: {known})")
    missing = [n for n in required if n not in wire]
    if missing:
        raise ParamError(f"{method} needs {', '.join(map(repr, missing))}")
    return wire


def request(request_id: int, method: str, params: Dict[str, Any], progress: bool) -> bytes:
    """One request as a line of JSON; with progress, params carry ``_meta.progressToken``."""
    body = dict(params)
    if progress:
        body["_meta"] = {"progressToken": request_id}
    message: Dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if body:
        message["params"] = body
    return json.dumps(message, separators=(",", ":")).encode() + b"\n"


def notification(method: str, params: Dict[str, Any]) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": method, "params": params}, separators=(",", ":")).encode() + b"\n"


def cancel_request(request_id: int) -> bytes:
    return notification("$/cancelRequest", {"id": request_id})


def error_from(error: Any) -> RPCError:
    """The exception for an error object: its code's class, carrying message and data."""
    if not isinstance(error, dict):
        return RPCError(f"malformed error reply: {error!r}", -32603)
    code = error.get("code")
    message = str(error.get("message", "error"))
    cls = ERRORS.get(code, RPCError) if isinstance(code, int) else RPCError
    return cls(message, code if isinstance(code, int) else None, error.get("data"))


class Incoming:
    """One message from the daemon, sorted: a reply (``reply_id`` set), a ``$/progress`` report
    (``progress_token``), an ``events.event`` (``event``) or something else to ignore."""

    __slots__ = ("reply_id", "result", "error", "progress_token", "progress_value", "event")

    def __init__(self, line: bytes) -> None:
        self.reply_id: Optional[Any] = None
        self.result: Any = None
        self.error: Optional[RPCError] = None
        self.progress_token: Optional[Any] = None
        self.progress_value: Any = None
        self.event: Optional[Dict[str, Any]] = None
        message = json.loads(line)
        if not isinstance(message, dict):
            return
        method = message.get("method")
        if method is None:
            self.reply_id = message.get("id")
            if "error" in message:
                self.error = error_from(message["error"])
            else:
                self.result = message.get("result")
        elif method == "$/progress":
            params = message.get("params") or {}
            self.progress_token = params.get("token")
            self.progress_value = params.get("value")
        elif method == "events.event":
            params = message.get("params")
            self.event = params if isinstance(params, dict) else {}

