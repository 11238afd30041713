"""The asyncio flavour: the same catalogue functions, checks and exceptions as the blocking
client, awaited (``await client.jobs.list(limit=5)``). Cancelling the awaiting task sends
``$/cancelRequest``."""

import asyncio
from typing import Any, AsyncIterator, Dict, List, Optional

from . import _core
from ._errors import ConnectError, ConnectionClosed, HiredError
from ._generated import EventsMethods, _Methods

# A message line may be as large as the daemon allows a reply to be.
_LINE_LIMIT = 64 << 20


class _AsyncEvents(EventsMethods):
    """``await client.events.list(...)`` and the other ``events.*`` methods, and
    ``async for event in await client.events(topics)``."""

    def __call__(self, topics: Optional[List[str]] = None, timeout: Optional[float] = None) -> Any:
        return self._client._event_iterator(topics, timeout)


class AsyncClient(_Methods):
    """A connection to hired for asyncio code; make it with ``await hired.connect_async()``
    and close it with ``await client.close()`` or ``async with``."""

    events: _AsyncEvents

    def __init__(self, socket_path: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.socket_path = socket_path
        self._reader = reader
        self._writer = writer
        self._next_id = 0
        self._pending: Dict[int, "asyncio.Future[Any]"] = {}
        self._progress: Dict[int, _core.Progress] = {}
        self._event_queues: List["asyncio.Queue[Optional[Dict[str, Any]]]"] = []
        self._closed = False
        self._bind_methods()
        self.events = _AsyncEvents(self)
        self._read_task = asyncio.ensure_future(self._read_loop())

    async def _read_loop(self) -> None:
        reason = "the daemon closed the connection"
        try:
            while True:
                line = await self._reader.readline()
                if not line:
                    break
                if not line.strip():
                    continue
                try:
                    message = _core.Incoming(line)
                except ValueError:
                    continue
                if message.reply_id is not None:
                    future = self._pending.pop(message.reply_id, None)
                    self._progress.pop(message.reply_id, None)
                    if future is not None and not future.done():
                        if message.error is not None:
                            future.set_exception(message.error)
                        else:
                            future.set_result(message.result)
                elif message.progress_token is not None:
                    callback = self._progress.get(message.progress_token)
                    if callback is not None:
                        try:
                            callback(message.progress_value)
                        except Exception:
                            pass
                elif message.event is not None:
                    for q in list(self._event_queues):
                        q.put_nowait(message.event)
        except (OSError, ValueError) as error:
            reason = f"the connection failed: {error}"
        finally:
            self._closed = True
            pending, self._pending = self._pending, {}
            for future in pending.values():
                if not future.done():
                    future.set_exception(ConnectionClosed(reason))
            for q in list(self._event_queues):
                q.put_nowait(None)

    async def _send(self, data: bytes) -> None:
        if self._closed:
            raise ConnectionClosed("the connection is closed")
        try:
            self._writer.write(data)
            await self._writer.drain()
        except OSError as error:
            raise ConnectionClosed(f"cannot write to hired: {error}") from None

    async def _invoke(self, method: str, params: Dict[str, Any], progress: Optional[_core.Progress]) -> Any:
        wire = _core.check_params(method, params)
        if self._closed:
            raise ConnectionClosed("the connection is closed")
        self._next_id += 1
        request_id = self._next_id
        future: "asyncio.Future[Any]" = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        if progress is not None:
            self._progress[request_id] = progress
        try:
            await self._send(_core.request(request_id, method, wire, progress is not None))
            # shield: cancelling the caller must not drop the reply the daemon still sends.
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            if not future.done() and not self._closed:
                try:
                    await self._send(_core.cancel_request(request_id))
                except HiredError:
                    pass
            raise
        finally:
            if future.done() or self._closed:
                self._pending.pop(request_id, None)
                self._progress.pop(request_id, None)

    async def call(self, method: str, /, *, progress: Optional[_core.Progress] = None, **params: Any) -> Any:
        """As ``Client.call``, awaited."""
        return await self._invoke(method, params, progress)

    async def login(self, login: str, password: str, ttl_seconds: Optional[int] = None) -> Dict[str, Any]:
        """``auth.login``: binds this connection to a new session."""
        params: Dict[str, Any] = {"login": login, "password": password}
        if ttl_seconds is not None:
            params["ttlSeconds"] = ttl_seconds
        return await self.call("auth.login", **params)  # type: ignore[no-any-return]

    async def attach(self, token: Optional[str] = None) -> Dict[str, Any]:
        """``auth.attach`` with ``token``, or with the token ``hire login`` saved for this socket."""
        return await self.call("auth.attach", token=token or _core.saved_token(self.socket_path))  # type: ignore[no-any-return]

    async def _event_iterator(self, topics: Optional[List[str]], timeout: Optional[float]) -> AsyncIterator[Dict[str, Any]]:
        q: "asyncio.Queue[Optional[Dict[str, Any]]]" = asyncio.Queue()
        self._event_queues.append(q)
        try:
            if topics is None:
                await self.call("events.subscribe")
            else:
                await self.call("events.subscribe", topics=list(topics))
        except BaseException:
            self._event_queues.remove(q)
            raise
        return self._drain_events(q, timeout)

    async def _drain_events(self, q: "asyncio.Queue[Optional[Dict[str, Any]]]", timeout: Optional[float]) -> AsyncIterator[Dict[str, Any]]:
        try:
            while True:
                try:
                    event = await asyncio.wait_for(q.get(), timeout)
                except asyncio.TimeoutError:
                    return
                if event is None:
                    return
                yield event
        finally:
            self._event_queues.remove(q)
            if not self._closed and not self._event_queues:
                try:
                    await self.call("events.unsubscribe")
                except HiredError:
                    pass

    async def close(self) -> None:
        """Closes the connection; calls still waiting raise ``hired.ConnectionClosed``."""
        if not self._writer.is_closing():
            self._writer.close()
        try:
            await self._writer.wait_closed()
        except OSError:
            pass
        await self._read_task

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


async def connect_async(socket: Optional[str] = None) -> AsyncClient:
    """As ``hired.connect``, for asyncio: ``async with await hired.connect_async() as client``."""
    path = _core.find_socket(socket)
    try:
        reader, writer = await asyncio.open_unix_connection(path, limit=_LINE_LIMIT)
    except OSError as error:
        raise ConnectError(f"cannot connect to hired at {path}: {error.strerror or error}") from None
    return AsyncClient(path, reader, writer)
