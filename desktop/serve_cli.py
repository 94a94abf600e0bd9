"""``hisho serve``: the local API without the window, for scripts and home servers.

The same server as the window's Settings › Local API (engine.api): the same bearer
token from the keyring, the same limits, the same request log. There is no one to ask
here, so only the clients listed in the settings (or given with ``--allow-client``) may
read the user's documents; the rest are refused. The libraries are opened here unless the
window has them (then the model answers, and ``hisho-library`` says the libraries are
busy). ``hisho serve --token`` prints the token for a script's environment and exits.
Ctrl+C (or SIGTERM) stops it.
"""

from __future__ import annotations

import argparse
import signal
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from desktop.cli_common import cancel_on_sigint, load_settings, local_chat, open_library, warn

if TYPE_CHECKING:
    from engine.api.service import Documents
    from engine.storage.settings import Settings


def add_command(commands: Any) -> None:
    """Register ``serve`` on the main parser's subparsers."""
    serve = commands.add_parser(
        "serve", help="run Hisho's local OpenAI-compatible API without the window"
    )
    serve.add_argument("--port", type=int, help="port to listen on (default: the settings')")
    serve.add_argument("--host", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument(
        "--allow-other-address",
        action="store_true",
        help="really listen on a non-loopback --host (other computers can then try)",
    )
    serve.add_argument(
        "--allow-client",
        action="append",
        default=[],
        metavar="NAME",
        help="also let this client read your documents (besides the settings' list)",
    )
    serve.add_argument("--no-documents", action="store_true", help="serve the model only")
    serve.add_argument("--token", action="store_true", help="print the bearer token and exit")


def serve_command(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C; the exit status."""
    from engine.api.token import api_token
    from engine.errors import HishoError

    try:
        token = api_token()
    except HishoError as exc:
        warn(exc)
        return 1
    if args.token:
        print(token)
        return 0
    settings = load_settings()
    with ExitStack() as stack:
        try:
            return _serve(args, settings, token, stack)
        except HishoError as exc:
            warn(exc)
            return 1


def _documents(args: argparse.Namespace, stack: ExitStack) -> Documents | None:
    if args.no_documents:
        return None
    from engine.api.documents import LibraryDocuments
    from engine.errors import HishoError

    try:
        return LibraryDocuments(stack.enter_context(open_library()))
    except HishoError as exc:
        warn(f"serving without your documents: {exc}")
        return None


def _serve(args: argparse.Namespace, settings: Settings, token: str, stack: ExitStack) -> int:
    import dataclasses

    from engine.api.approvals import Approvals
    from engine.api.config import ServerConfig
    from engine.api.server import ApiServer
    from engine.api.service import ApiService
    from engine.storage.api_log import ApiLog

    api = settings.api
    if args.host:
        api = dataclasses.replace(api, host=args.host, allow_other_address=args.allow_other_address)
    config = ServerConfig.from_settings(api, token, args.port)
    problem = config.problem()
    if problem:
        warn(problem)
        return 2
    local = local_chat(None)
    stack.callback(local.backend.close)
    local.backend.load()  # the first request need not wait for it
    documents = _documents(args, stack)
    approvals = Approvals(allowed=[*api.approved_clients, *args.allow_client])
    service = ApiService(local.backend, lambda: local.settings, documents, approvals)
    log = ApiLog()
    stack.callback(log.close)
    server = ApiServer(config, service, log, kind="serve")
    url = server.start()
    stack.callback(server.stop)
    if config.host not in ("127.0.0.1", "localhost", "::1"):
        warn(f"listening on {config.host}: other computers on the network can try to connect")
    warn(f"serving {local.backend.name} at {url} (the token: `hisho serve --token`); Ctrl+C stops")
    with cancel_on_sigint() as cancel:
        previous = signal.signal(signal.SIGTERM, lambda *_: cancel.cancel())
        try:
            while not cancel.wait(1.0):
                pass
        finally:
            signal.signal(signal.SIGTERM, previous)
    warn("stopped")
    return 0
