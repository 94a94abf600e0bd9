"""A Chroma server that keeps a library's vectors (``chromadb.HttpClient``).

Where it may be: plain http only on this computer or the user's own network (loopback,
LAN, VPN ranges: ``engine.cloud.servers.is_private``); an address without a scheme is
https unless it is loopback; plain http to any other address is refused. The token is
sent with chromadb's own token auth provider (``Authorization: Bearer``) and lives in
the OS keyring only (``CHROMA_SERVICE``, one entry per address and collection). Every
request to a server that is not on this computer is written to the egress log, with its
sizes, from the HTTP client's own hooks.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from engine.errors import HishoError, LibraryError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.egress import EgressLog
from engine.types import EgressEntry

#: Service name of the Chroma servers' tokens in the keyring.
CHROMA_SERVICE = "Hisho Chroma server"
#: Seconds to wait for a connection, and for an answer.
CONNECT_TIMEOUT_S = 5.0
ANSWER_TIMEOUT_S = 120.0

NOT_ANSWERING = QT_TRANSLATE_NOOP(
    "Engine",
    "The Chroma server at {address} isn't answering ({error}). Libraries kept on this "
    "computer still work; this one comes back when the server does.",
)
REFUSED = QT_TRANSLATE_NOOP(
    "Engine",
    "The Chroma server at {address} refused the token ({error}). Check the token you "
    "gave for this library.",
)
BAD_ADDRESS = QT_TRANSLATE_NOOP(
    "Engine", "A Chroma server's address must look like https://chroma.example.org:8000."
)
PLAIN_HTTP = QT_TRANSLATE_NOOP(
    "Engine",
    "{host} is not on this computer or your own network, so Hisho talks to it only over "
    "https (plain http would send your documents and the token readable on the way).",
)


@dataclass(frozen=True, slots=True)
class ChromaServer:
    """Where a library's vectors live: a server's address and a collection there."""

    address: str  # "http://127.0.0.1:8000", "https://chroma.example.org", "host:8000"
    collection: str
    token: str = ""  # read from the keyring when opened; never written to settings

    @property
    def key(self) -> str:
        """The keyring entry of this server's token."""
        return f"{self.url}/{self.collection}"

    @property
    def url(self) -> str:
        """The address with its scheme and port (https unless loopback)."""
        scheme, host, port = endpoint(self.address)
        shown = f"[{host}]" if ":" in host else host
        return f"{scheme}://{shown}:{port}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def endpoint(address: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a server's address.

    Raises:
        LibraryError: not an address, or plain http to a host outside the user's own
            network.
    """
    from engine.cloud.servers import address_problem

    text = address.strip()
    if "://" not in text:
        host = urlsplit(f"//{text}").hostname or ""
        text = f"{'http' if is_loopback(host) else 'https'}://{text}"
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = parts._replace(scheme="")
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host or parts.path.strip("/"):
        raise LibraryError(BAD_ADDRESS)
    if parts.scheme == "http" and not is_loopback(host) and address_problem(text):
        raise LibraryError(PLAIN_HTTP.format(host=host))
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 8000)


def connect(server: ChromaServer, ledger: EgressLog | None = None) -> Any:
    """A ``chromadb`` client of ``server`` (its heartbeat answered, its token taken).

    Raises:
        LibraryError: a bad address, the server not answering, or the token refused.
    """
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    import chromadb
    from chromadb.config import Settings

    scheme, host, port = endpoint(server.address)
    auth: dict[str, Any] = {}
    if server.token:
        auth = {
            "chroma_client_auth_provider": "chromadb.auth.token_authn.TokenAuthClientProvider",
            "chroma_client_auth_credentials": server.token,
        }
    settings = Settings(anonymized_telemetry=False, **auth)
    ledger = None if is_loopback(host) else ledger
    with server_errors(server):
        _heartbeat(server, ledger)  # with a timeout: chromadb's first request has none
        client = chromadb.HttpClient(host=host, port=port, ssl=scheme == "https",
                                     settings=settings)  # fmt: skip
        _instrument(client, server, ledger)
        client.list_collections(limit=1)  # the token is checked here, not by the heartbeat
    return client


@contextmanager
def server_errors(server: ChromaServer) -> Iterator[None]:
    """Turn what a server call raises into a LibraryError the user can act on."""
    import httpx
    from chromadb.errors import AuthorizationError, ChromaAuthError

    try:
        yield
    except HishoError:
        raise
    except (ChromaAuthError, AuthorizationError) as exc:
        raise LibraryError(REFUSED.format(address=server.address, error=exc)) from exc
    except (httpx.TransportError, ConnectionError, TimeoutError) as exc:
        error = str(exc) or type(exc).__name__
        raise LibraryError(NOT_ANSWERING.format(address=server.address, error=error)) from exc
    except Exception as exc:
        if "Forbidden" in str(exc) or "Unauthorized" in str(exc):
            raise LibraryError(REFUSED.format(address=server.address, error=exc)) from exc
        if "Could not connect" in str(exc):  # chromadb's own words for a ConnectError
            raise LibraryError(NOT_ANSWERING.format(address=server.address, error=exc)) from exc
        raise


def _heartbeat(server: ChromaServer, ledger: EgressLog | None) -> None:
    """Ask the server's heartbeat, waiting ``CONNECT_TIMEOUT_S`` at most."""
    import httpx

    hooks = {"response": [_logger(server, ledger)]} if ledger is not None else {}
    with httpx.Client(timeout=CONNECT_TIMEOUT_S, event_hooks=hooks) as session:
        session.get(f"{server.url}/api/v2/heartbeat").raise_for_status()


def _instrument(client: Any, server: ChromaServer, ledger: EgressLog | None) -> None:
    """Timeouts on the client's HTTP session, and each response in ``ledger``.

    chromadb 1.5 keeps one ``httpx.Client`` as ``client._server._session`` with no
    timeout at all; a server that accepts and never answers would hang the library."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        return
    session.timeout = httpx.Timeout(ANSWER_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
    if ledger is not None:
        session.event_hooks["response"].append(_logger(server, ledger))


def _logger(server: ChromaServer, ledger: EgressLog) -> Callable[[Any], None]:
    host = urlsplit(server.url).netloc

    def record(response: Any) -> None:
        response.read()
        request, status = response.request, response.status_code
        action = request.url.path.rsplit("/", 1)[-1] or "request"
        entry = EgressEntry(
            time=time.time(), provider="Chroma server", model=server.collection, host=host,
            bytes_sent=len(request.content), bytes_received=len(response.content),
            conversation_id=None, purpose=f"library {action}",
            outcome="answered" if status < 400 else f"HTTP {status}",
        )  # fmt: skip
        ledger.record(entry)

    return record


def server_token(server: ChromaServer) -> str:
    """The server's token from the keyring ("" when none is kept)."""
    from engine.storage.secrets import get_key

    return get_key(server.key, CHROMA_SERVICE)


def check_connection(server: ChromaServer, ledger: EgressLog | None = None) -> int:
    """Connect as a library would; how many chunks the collection holds (0 if new).

    Raises:
        LibraryError: what stopped it, in words the user can act on.
    """
    client = connect(server, ledger)
    with server_errors(server):
        names = {c.name for c in client.list_collections()}
        if server.collection not in names:
            return 0
        return int(client.get_collection(server.collection).count())
