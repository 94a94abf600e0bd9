"""The user's own model servers ("My server"): Ollama, LM Studio, a llama.cpp server or
vLLM on this computer or their own network, used without a consent question.

A server counts as the user's only at a private address: loopback, a private LAN range
(10/8, 172.16/12, 192.168/16, IPv6 ULA), link-local, or the 100.64/10 range VPNs such as
Tailscale give. Anything else is refused as "My server" (it stays a cloud provider, with
consent). A name is looked up and every address it has must be private. The requests go
through the cloud path (engine.cloud.backend: the official SDK, bytes counted) and each
is written to the egress log. :func:`detect` finds the engines running on this computer
at their usual ports and lists their models.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from engine.cloud.backend import CloudBackend
from engine.cloud.providers import CloudConfig, Provider
from engine.cloud.wire import Meter, metered_client
from engine.errors import CloudError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.storage.egress import EgressLog
from engine.storage.secrets import get_key
from engine.storage.settings import MyServer
from engine.types import EgressEntry

#: Addresses VPNs give (RFC 6598 shared address space: Tailscale, carrier-grade NAT).
VPN_RANGE = ipaddress.ip_network("100.64.0.0/10")

NOT_PRIVATE = QT_TRANSLATE_NOOP(
    "Engine",
    "{host} is not on this computer or your own network, so it can't be “My server”. "
    "Add it as a cloud provider in Settings › Cloud (it then asks before sending).",
)
NO_ADDRESS = QT_TRANSLATE_NOOP(
    "Engine", "The server's address must look like http://192.168.1.20:11434/v1."
)
UNKNOWN_HOST = QT_TRANSLATE_NOOP("Engine", "The name {host} could not be looked up ({error}).")


@dataclass(frozen=True, slots=True)
class Engine:
    """A kind of engine and where it listens by default."""

    name: str
    base_url: str
    tags_url: str = ""  # Ollama's own model list (/api/tags)


#: The engines :func:`detect` looks for on this computer.
KNOWN_ENGINES: tuple[Engine, ...] = (
    Engine("Ollama", "http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/api/tags"),
    Engine("LM Studio", "http://127.0.0.1:1234/v1"),
    Engine("llama.cpp server", "http://127.0.0.1:8080/v1"),
)


@dataclass(frozen=True, slots=True)
class Found:
    """An engine running here, with its models."""

    engine: Engine
    models: tuple[str, ...]


def is_private(address: str) -> bool:
    """Whether an IP address is this computer, the user's LAN or a VPN range."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.is_unspecified or ip.is_multicast:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_private(str(ip.ipv4_mapped))
    return ip.is_loopback or ip.is_link_local or ip.is_private or ip in VPN_RANGE


def address_problem(base_url: str) -> str:
    """Why ``base_url`` can't be "My server" ("" when it can)."""
    parts = urlsplit(base_url.strip())
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host:
        return NO_ADDRESS
    if host == "localhost" or is_private(host):
        return ""
    try:
        ipaddress.ip_address(host)
        return NOT_PRIVATE.format(host=host)  # a public address
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 80)}
    except OSError as exc:
        return UNKNOWN_HOST.format(host=host, error=exc.strerror or exc)
    if found and all(is_private(str(a)) for a in found):
        return ""
    return NOT_PRIVATE.format(host=host)


def _key(server: MyServer) -> str:
    """The server's key from the keyring, if it has one (most local engines take none)."""
    try:
        return get_key(f"server:{server.name}")
    except CloudError:
        return ""


def server_config(server: MyServer, model: str) -> CloudConfig:
    """The server as the cloud path speaks to it (its name is the provider's)."""
    provider = Provider(f"server:{server.name}", server.name, server.base_url, model)
    return CloudConfig(provider, server.base_url.strip(), model)


def server_backend(
    server: MyServer, model: str, ledger: EgressLog | None, conversation_id: int | None = None
) -> CloudBackend:
    """A ChatBackend on the server's ``model``; every request goes in ``ledger``.

    Raises:
        CloudError: the server's address is not private (checked here too: the settings
            file could have been edited by hand).
    """
    problem = address_problem(server.base_url)
    if problem:
        raise CloudError(problem)
    return CloudBackend(
        server_config(server, model), lambda: _key(server) or "none", ledger, conversation_id
    )


def _get_json(url: str, key: str, ledger: EgressLog | None, who: str, purpose: str) -> object:
    """GET ``url`` (bytes counted, the request logged); the parsed JSON body."""
    meter, outcome = Meter(), "answered"
    client = metered_client(meter, 5.0)
    try:
        response = client.get(url, headers={"Authorization": f"Bearer {key or 'none'}"})
        outcome = f"HTTP {response.status_code}" if response.status_code >= 400 else outcome
        response.raise_for_status()
        return json.loads(response.content)
    except Exception as exc:
        outcome = outcome if outcome != "answered" else type(exc).__name__
        raise
    finally:
        client.close()
        if ledger is not None and meter.sent:
            entry = EgressEntry(
                time=time.time(), provider=who, model="", host=urlsplit(url).netloc,
                bytes_sent=meter.sent, bytes_received=meter.received, conversation_id=None,
                purpose=purpose, outcome=outcome,
            )  # fmt: skip
            ledger.record(entry)


def _names(data: object, listing: str, field: str) -> list[str]:
    if not isinstance(data, dict) or not isinstance(data.get(listing), list):
        return []
    return [str(m[field]) for m in data[listing] if isinstance(m, dict) and m.get(field)]


def list_models(
    base_url: str, ledger: EgressLog | None, name: str, key: str = "", tags_url: str = ""
) -> list[str]:
    """The models a server offers: Ollama's own list when ``tags_url`` is given, else
    (or when that fails) the OpenAI ``/models`` list.

    Raises:
        CloudError: the server could not be reached or gave no list.
    """
    if tags_url:
        try:
            return _names(_get_json(tags_url, key, ledger, name, "list models"), "models", "name")
        except Exception:  # an Ollama without /api/tags: try its OpenAI side
            pass
    url = base_url.rstrip("/") + "/models"
    try:
        return _names(_get_json(url, key, ledger, name, "list models"), "data", "id")
    except Exception as exc:
        raise CloudError(
            QT_TRANSLATE_NOOP(
                "Engine", "{name} at {url} did not list its models ({error})."
            ).format(name=name, url=base_url, error=exc)
        ) from exc


def server_models(server: MyServer, ledger: EgressLog | None) -> list[str]:
    """The models of one of the user's servers (Ollama's own list where it is one)."""
    parts = urlsplit(server.base_url)
    tags = f"{parts.scheme}://{parts.netloc}/api/tags" if parts.port == 11434 else ""
    return list_models(server.base_url, ledger, server.name, _key(server), tags)


def _listening(url: str, timeout_s: float) -> bool:
    """Whether something accepts connections at ``url``'s host and port (nothing sent)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout_s):
            return True
    except OSError:
        return False


def detect(
    ledger: EgressLog | None,
    engines: Sequence[Engine] = KNOWN_ENGINES,
    timeout_s: float = 0.5,
) -> list[Found]:
    """The engines running on this computer and their models ("Use the models you
    already have in Ollama"). A port nobody listens on costs no request."""
    found = []
    for engine in engines:
        if not _listening(engine.base_url, timeout_s):
            continue
        try:
            models = list_models(engine.base_url, ledger, engine.name, tags_url=engine.tags_url)
        except CloudError:
            continue  # something else listens there
        found.append(Found(engine, tuple(models)))
    return found
