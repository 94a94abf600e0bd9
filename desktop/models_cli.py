"""`hisho models …`: list, add, download, remove and choose chat models.

``list [--json]`` shows each installed model with family, parameters, quantization, size,
trained context, whether it fits in memory at the configured context, and which one is
in use. ``add PATH`` copies a checked .gguf in; ``download URL [--sha256 HEX]`` fetches
one (resumable, verified, quarantined when wrong); ``remove NAME`` deletes one (not the
one in use); ``use NAME|PATH`` makes it the chat model. The curated catalog:
``catalog``, ``recommend`` (:mod:`desktop.catalog_cli`) and ``download NAME``
(:mod:`desktop.get_cli`).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from desktop import catalog_cli, get_cli
from desktop.cli_common import cancel_on_sigint, print_json, warn

if TYPE_CHECKING:
    from engine.models.download import DownloadProgress


def add_commands(commands: Any) -> None:
    """Register ``models`` and its actions on the main parser's subparsers."""
    models = commands.add_parser("models", help="list, add, download, remove or choose models")
    actions = models.add_subparsers(dest="models_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="installed chat models")
    listing.add_argument("--json", action="store_true", help="one JSON object")
    add = actions.add_parser("add", help="copy a .gguf model into Hisho's models folder")
    add.add_argument("path", type=Path)
    catalog_cli.add_commands(actions)
    download = actions.add_parser(
        "download", help="download a catalog model, or a .gguf file from an address (resumable)"
    )
    download.add_argument("what", metavar="NAME|URL",
                          help="a catalog model's id or name (hisho models catalog), or an "
                               "http(s) address of a .gguf file")  # fmt: skip
    download.add_argument("--yes", action="store_true",
                          help="accept the catalog model's licence without asking")  # fmt: skip
    download.add_argument("--sha256", default="", help="an address's expected sha256")
    download.add_argument("--name", help="file name to save an address as (default: from it)")
    remove = actions.add_parser("remove", help="delete an installed model")
    remove.add_argument("name")
    remove.add_argument("--yes", action="store_true", help="don't ask for confirmation")
    use = actions.add_parser("use", help="chat with this model from now on")
    use.add_argument("name", help="an installed model's name, or a path to a .gguf file")


def run(args: argparse.Namespace) -> int | None:
    """Run a ``models`` action; None when ``args`` is not one."""
    if getattr(args, "command", None) != "models":
        return None
    from engine.errors import HishoError

    try:
        return {
            "list": _list,
            "add": _add,
            "download": _download,
            "catalog": catalog_cli.catalog_command,
            "recommend": catalog_cli.recommend_command,
            "remove": _remove,
            "use": _use,
        }[args.models_action](args)
    except HishoError as exc:
        warn(exc)
        return 1


def _active() -> Path:
    from engine.models.defaults import resolve_chat_model
    from engine.storage import settings as settings_store

    settings, _ = settings_store.load()
    return resolve_chat_model(settings.chat.model_path).resolve()


def _list(args: argparse.Namespace) -> int:
    from engine.models.store import fit, installed
    from engine.storage import settings as settings_store

    settings, _ = settings_store.load()
    context = settings.chat.context_length
    active = _active()
    rows: list[dict[str, Any]] = []
    found = installed()
    for facts in found:
        verdict, sentence = fit(facts, context)
        rows.append({
            "name": facts.name, "file": facts.path.name, "path": str(facts.path),
            "family": facts.family, "parameters": facts.parameters,
            "quantization": facts.quantization, "size_bytes": facts.size_bytes,
            "trained_context": facts.trained_context, "fit": verdict, "fit_detail": sentence,
            "active": facts.path.resolve() == active,
        })  # fmt: skip
    if args.json:
        print_json({"context": context, "models": rows})
        return 0
    if not rows:
        print("No models installed. Add one with `hisho models add FILE.gguf`.")
    for row, facts in zip(rows, found, strict=True):
        mark = "*" if row["active"] else " "
        print(f"{mark} {row['file']}: {row['name']} ({row['family']}, {facts.parameters_label}, "
              f"{row['quantization']}, {row['size_bytes'] / 1024**2:,.0f} MB, trained for "
              f"{row['trained_context']:,} tokens) — {row['fit']}")  # fmt: skip
    return 0


def _add(args: argparse.Namespace) -> int:
    from engine.models.store import add

    facts = add(args.path)
    print(f"added {facts.path.name}: {facts.name} ({facts.parameters_label}, {facts.quantization})")
    return 0


def _download(args: argparse.Namespace) -> int:
    from engine import paths
    from engine.models.download import download
    from engine.storage.egress import EgressLog

    if "://" not in args.what:
        if args.sha256 or args.name:
            warn("--sha256 and --name are for an address; a catalog model has its own")
            return 2
        return get_cli.download_command(args)
    url = args.what
    name = args.name or Path(unquote(urlsplit(url).path)).name or "model.gguf"
    if not name.lower().endswith(".gguf"):
        name += ".gguf"
    target = paths.ensure_dir(paths.models_dir()) / name
    if target.exists():
        warn(f"{name} is already installed")
        return 1
    with cancel_on_sigint() as cancel:
        ledger = EgressLog()
        try:
            _show_download(download(url, target, args.sha256, cancel=cancel, ledger=ledger))
        finally:
            ledger.close()
    if cancel.cancelled:
        warn("paused; run the same command again to resume")
        return 130
    print(f"downloaded {target}")
    return 0


def _show_download(progress_steps: Iterator[DownloadProgress]) -> None:
    """The download's progress on one stderr line, rewritten as it changes."""
    last = ""
    for progress in progress_steps:
        if progress.message[:40] != last[:40] or progress.done == progress.total:
            print(f"\r{progress.message}   ", end="", file=sys.stderr, flush=True)
            last = progress.message
    print(file=sys.stderr)


def _remove(args: argparse.Namespace) -> int:
    from engine.models.store import find, remove

    path = find(args.name)
    if not args.yes:
        answer = input(f"Delete {path.name}? This cannot be undone. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("kept")
            return 1
    remove(path, _active())
    print(f"removed {path.name}")
    return 0


def _use(args: argparse.Namespace) -> int:
    from engine.models.store import find, read_facts
    from engine.storage import settings as settings_store

    path = find(args.name)
    facts = read_facts(path)
    settings, _ = settings_store.load()
    chat = dataclasses.replace(settings.chat, model_path=str(path))
    settings_store.save(dataclasses.replace(settings, chat=chat))
    print(f"now chatting with {facts.name} ({path})")
    return 0
