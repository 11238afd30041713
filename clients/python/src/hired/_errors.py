"""The exceptions every flavour raises; one class per daemon error code is generated."""

from typing import Any, Optional


class HiredError(Exception):
    """Base of every error this package raises."""


class ConnectError(HiredError, ConnectionError):
    """The daemon's socket cannot be reached (not running, wrong path, no permission)."""


class ConnectionClosed(HiredError, ConnectionError):
    """The daemon closed the connection before the reply arrived."""


class ParamError(HiredError, TypeError):
    """A call names a method or parameter the catalogue does not have, or leaves out a
    required one. Raised before anything is sent."""


class NoSavedSession(HiredError):
    """`attach()` without a token, and the CLI keeps no session for this socket."""


class RPCError(HiredError):
    """An error reply from the daemon: ``code``, ``message`` and the structured ``data``.

    Each known code has its own subclass (``hired.NotAuthenticated``, ``hired.Forbidden``,
    ``hired.RateLimited``, ...); codes this package does not know come as ``RPCError``.
    """

    code: int = 0

    def __init__(self, message: str, code: Optional[int] = None, data: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.data = data

    def __str__(self) -> str:
        return f"{self.message} ({self.code})"


class _RateLimitedBase(RPCError):
    """Too many attempts: ``retry_after`` is the number of seconds to wait (from ``data``)."""

    @property
    def retry_after(self) -> Optional[float]:
        if isinstance(self.data, dict):
            value = self.data.get("retryAfterSeconds")
            if isinstance(value, (int, float)):
                return value
        return None
