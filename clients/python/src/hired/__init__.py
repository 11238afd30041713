"""hired: the Python client of the hired daemon (JSON-RPC 2.0 over its Unix socket).

    import hired

    with hired.connect() as client:           # the socket `hire` would use
        client.attach()                        # the session `hire login` saved (or client.login(...))
        board = client.mtb.filter(filters={"state": "TX"})
        run = client.match.run(jobIds=board["jobIds"], progress=print)

Every method of the catalogue is a documented function (``client.jobs.list``); ``client.call
("jobs.list", limit=5)`` calls one by name. Errors are exceptions by code
(``hired.NotAuthenticated``, ``hired.RateLimited`` with ``retry_after``, ...), each with the
daemon's ``data``. ``hired.connect_async()`` is the asyncio flavour.
"""

from ._aio import AsyncClient, connect_async
from ._client import Call, Client, connect
from ._core import find_socket, saved_token, session_file
from ._errors import ConnectError, ConnectionClosed, HiredError, NoSavedSession, ParamError, RPCError
from ._generated import *  # noqa: F401,F403 (one exception class per error code)
from ._generated import CATALOGUE_VERSION, ERRORS, METHODS

__version__ = "0.1.0"

__all__ = [
    "AsyncClient", "CATALOGUE_VERSION", "Call", "Client", "ConnectError", "ConnectionClosed", "ERRORS",
    "HiredError", "METHODS", "NoSavedSession", "ParamError", "RPCError", "connect", "connect_async",
    "find_socket", "saved_token", "session_file",
] + [cls.__name__ for cls in ERRORS.values()]
