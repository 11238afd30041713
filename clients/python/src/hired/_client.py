"""The blocking client: one Unix socket connection, a reader thread that hands each reply to
its caller, ``$/progress`` to the caller's callback and ``events.event`` to ``events()``."""

import queue
import socket as _socket
import threading
from typing import Any, Dict, Iterator, List, Optional

from . import _core
from ._errors import ConnectError, ConnectionClosed, HiredError
from ._generated import EventsMethods, _Methods

# How long a call interrupted by Ctrl-C waits for the daemon to confirm the cancel.
CANCEL_GRACE_SECONDS = 5.0


class Call:
    """A request in flight. ``result()`` waits for the reply; ``cancel()`` (from any thread)
    sends ``$/cancelRequest``, and ``result()`` then raises ``hired.RequestCancelled``
    unless the reply was already on its way."""

    def __init__(self, client: "Client", request_id: int, method: str, progress: Optional[_core.Progress]) -> None:
        self._client = client
        self.id = request_id
        self.method = method
        self._progress = progress
        self._done = threading.Event()
        self._result: Any = None
        self._error: Optional[BaseException] = None

    def _finish(self, result: Any, error: Optional[BaseException]) -> None:
        self._result, self._error = result, error
        self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def cancel(self) -> None:
        """Asks the daemon to stop this request; it still answers (usually -32800)."""
        if not self._done.is_set():
            self._client._send(_core.cancel_request(self.id))

    def result(self, timeout: Optional[float] = None) -> Any:
        """The call's result, or its error raised. ``timeout``: seconds to wait before raising
        ``TimeoutError`` (the call goes on). Ctrl-C cancels the call on the daemon, waits
        briefly for it to confirm, then lets ``KeyboardInterrupt`` through."""
        try:
            if not self._done.wait(timeout):
                raise TimeoutError(f"{self.method}: no reply within {timeout} seconds")
        except KeyboardInterrupt:
            try:
                self.cancel()
                self._done.wait(CANCEL_GRACE_SECONDS)
            except HiredError:
                pass
            raise
        if self._error is not None:
            raise self._error
        return self._result


class _Events(EventsMethods):
    """``client.events.list(...)`` and the other ``events.*`` methods, and
    ``client.events(topics)``: an iterator over the ``events.event`` notifications."""

    def __call__(self, topics: Optional[List[str]] = None, timeout: Optional[float] = None) -> Iterator[Dict[str, Any]]:
        return self._client._event_iterator(topics, timeout)  # type: ignore[no-any-return]


class Client(_Methods):
    """A connection to hired. Use ``hired.connect()``; close it with ``close()`` or a ``with``
    block. Thread-safe: calls from several threads run concurrently on the daemon."""

    def __init__(self, socket: Optional[str] = None) -> None:
        self.socket_path = _core.find_socket(socket)
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            sock.connect(self.socket_path)
        except OSError as error:
            sock.close()
            raise ConnectError(f"cannot connect to hired at {self.socket_path}: {error.strerror or error}") from None
        self._sock = sock
        self._write_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._next_id = 0
        self._pending: Dict[int, Call] = {}
        self._event_queues: List["queue.Queue[Optional[Dict[str, Any]]]"] = []
        self._closed = False
        self._bind_methods()
        self.events = _Events(self)
        self._reader = threading.Thread(target=self._read_loop, name="hired-reader", daemon=True)
        self._reader.start()

    events: _Events

    # ------------------------------------------------------------ plumbing

    def _send(self, data: bytes) -> None:
        with self._write_lock:
            if self._closed:
                raise ConnectionClosed("the connection is closed")
            try:
                self._sock.sendall(data)
            except OSError as error:
                raise ConnectionClosed(f"cannot write to hired: {error}") from None

    def _read_loop(self) -> None:
        reader = self._sock.makefile("rb")
        reason = "the daemon closed the connection"
        try:
            for line in reader:
                if not line.strip():
                    continue
                try:
                    message = _core.Incoming(line)
                except ValueError:
                    continue  # not JSON: nothing a reply can be matched to
                if message.reply_id is not None:
                    with self._state_lock:
                        call = self._pending.pop(message.reply_id, None)
                    if call is not None:
                        call._finish(message.result, message.error)
                elif message.progress_token is not None:
                    with self._state_lock:
                        call = self._pending.get(message.progress_token)
                    if call is not None and call._progress is not None:
                        try:
                            call._progress(message.progress_value)
                        except Exception:  # a callback's failure must not stop the replies
                            pass
                elif message.event is not None:
                    with self._state_lock:
                        queues = list(self._event_queues)
                    for q in queues:
                        q.put(message.event)
        except OSError as error:
            reason = f"the connection failed: {error}"
        finally:
            with self._state_lock:
                self._closed = True
                pending, self._pending = self._pending, {}
                queues = list(self._event_queues)
            for call in pending.values():
                call._finish(None, ConnectionClosed(f"{call.method}: {reason}"))
            for q in queues:
                q.put(None)

    def _invoke(self, method: str, params: Dict[str, Any], progress: Optional[_core.Progress]) -> Any:
        return self._start(method, params, progress).result()

    def _start(self, method: str, params: Dict[str, Any], progress: Optional[_core.Progress]) -> Call:
        wire = _core.check_params(method, params)
        with self._state_lock:
            if self._closed:
                raise ConnectionClosed("the connection is closed")
            self._next_id += 1
            call = Call(self, self._next_id, method, progress)
            self._pending[call.id] = call
        try:
            self._send(_core.request(call.id, method, wire, progress is not None))
        except BaseException:
            with self._state_lock:
                self._pending.pop(call.id, None)
            raise
        return call

    # ------------------------------------------------------------ public

    def call(self, method: str, /, *, progress: Optional[_core.Progress] = None, **params: Any) -> Any:
        """Calls any method by name (``client.call("jobs.list", limit=5)``) and returns its
        result. Names are checked against the catalogue first (``hired.ParamError``); a
        Python keyword is written with a trailing underscore (``from_=...``)."""
        return self._invoke(method, params, progress)

    def submit(self, method: str, /, *, progress: Optional[_core.Progress] = None, **params: Any) -> Call:
        """Sends a call and returns at once: ``Call.result()`` waits, ``Call.cancel()`` stops it."""
        return self._start(method, params, progress)

    def login(self, login: str, password: str, ttl_seconds: Optional[int] = None) -> Dict[str, Any]:
        """``auth.login``: binds this connection to a new session; returns ``{token, expiresAt, user}``."""
        params: Dict[str, Any] = {"login": login, "password": password}
        if ttl_seconds is not None:
            params["ttlSeconds"] = ttl_seconds
        return self.call("auth.login", **params)  # type: ignore[no-any-return]

    def attach(self, token: Optional[str] = None) -> Dict[str, Any]:
        """``auth.attach`` with ``token``, or with the token ``hire login`` saved for this socket."""
        return self.call("auth.attach", token=token or _core.saved_token(self.socket_path))  # type: ignore[no-any-return]

    def _event_iterator(self, topics: Optional[List[str]] = None, timeout: Optional[float] = None) -> Iterator[Dict[str, Any]]:
        """Subscribes (``events.subscribe``) at once, then yields each ``events.event`` ``{id,
        topic, at, data}``. Ends when the connection closes, or when ``timeout`` seconds pass
        without an event; closing the iterator unsubscribes."""
        q: "queue.Queue[Optional[Dict[str, Any]]]" = queue.Queue()
        with self._state_lock:
            self._event_queues.append(q)
        try:
            if topics is None:
                self.call("events.subscribe")
            else:
                self.call("events.subscribe", topics=list(topics))
        except BaseException:
            self._drop_event_queue(q)
            raise
        return self._drain_events(q, timeout)

    def _drain_events(self, q: "queue.Queue[Optional[Dict[str, Any]]]", timeout: Optional[float]) -> Iterator[Dict[str, Any]]:
        try:
            while True:
                try:
                    event = q.get(timeout=timeout)
                except queue.Empty:
                    return
                if event is None:
                    return
                yield event
        finally:
            self._drop_event_queue(q)

    def _drop_event_queue(self, q: "queue.Queue[Optional[Dict[str, Any]]]") -> None:
        with self._state_lock:
            self._event_queues.remove(q)
            unsubscribe = not self._closed and not self._event_queues
        if unsubscribe:
            try:
                self.call("events.unsubscribe")
            except HiredError:
                pass

    def close(self) -> None:
        """Closes the connection; calls still waiting raise ``hired.ConnectionClosed``."""
        with self._write_lock:
            if not self._closed:
                try:
                    self._sock.shutdown(_socket.SHUT_RDWR)
                except OSError:
                    pass
        if threading.current_thread() is not self._reader:  # close() from a progress callback
            self._reader.join()
        self._sock.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def connect(socket: Optional[str] = None) -> Client:
    """Connects to hired: ``socket``, else ``$HIRED_SOCKET``, the user socket, the machine
    socket (as ``hire`` finds it). A context manager: ``with hired.connect() as client: ...``."""
    return Client(socket)


