"""`hisho models catalog` and `hisho models recommend`: the curated models from a terminal.

``catalog [--json]`` lists every chat model Hisho offers to download (the shipped
catalog, or ``$HISHO_CATALOG``): id, name, size, licence (non-commercial ones marked),
languages, what it can do, and whether it is here (installed, partly downloaded, not).
``recommend [--json]`` says what this computer has (memory, cores, GPU) and sorts the
models as the window's "Get more models" tab does (``engine.models.offers.rank``):
recommended, also good, too big, each with the speed it would reach here. Estimates
scale a speed measured here: the one kept from last time, or the bundled model's,
measured once now (a few seconds; ``--measure`` measures again).

Entries of a damaged catalog are left out with a line on stderr each; the command still
succeeds while any model is offered. Output is English, like every terminal command.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import shutil
import sys
from typing import TYPE_CHECKING, Any

from desktop.cli_common import cancel_on_sigint, load_settings, print_json, warn

if TYPE_CHECKING:
    from engine.models.catalog import Catalog, CatalogEntry
    from engine.models.hardware import Hardware, MeasuredSpeed, Recommendation

_GB = 1024**3
NON_COMMERCIAL = "This licence does not allow commercial use: not for work you are paid for."
USE_HINT = "Get one with: hisho models download ID"


def add_commands(actions: Any) -> None:
    """Register ``catalog`` and ``recommend`` on the ``models`` subparsers."""
    catalog = actions.add_parser("catalog", help="the models Hisho offers to download")
    catalog.add_argument("--json", action="store_true", help="a JSON array, every field")
    recommend = actions.add_parser("recommend", help="which catalog models suit this computer")
    recommend.add_argument("--json", action="store_true", help="one JSON object")
    recommend.add_argument("--measure", action="store_true",
                           help="measure this computer's speed again (a few seconds)")  # fmt: skip


def load() -> Catalog | None:
    """The catalog, each entry left out said once on stderr; None (said) when it
    offers no model at all."""
    from engine.models import catalog as catalog_module

    # The problems are said here, once, as the terminal says things; not logged again.
    logging.getLogger(catalog_module.__name__).addHandler(logging.NullHandler())
    catalog = catalog_module.load_catalog()
    for problem in catalog.problems:
        warn(problem)
    if not catalog.models():
        warn(f"the model catalog {catalog_module.catalog_file()} offers no usable model")
        return None
    return catalog


def size_text(size: int) -> str:
    return f"{size / _GB:.1f} GB" if size >= _GB else f"{size / 1024**2:,.0f} MB"


def here_text(entry: CatalogEntry) -> tuple[str, dict[str, Any]]:
    """Whether ``entry`` is on this computer, as a word and as JSON fields."""
    from engine.models.get import state

    here = state(entry)
    word = "installed" if here.installed else "partial" if here.resumable else "not"
    fields = {"state": word, "path": str(here.path), "partial_bytes": here.partial_bytes}
    if word == "partial" and (entry.size_bytes or entry.approx_size_bytes):
        share = here.partial_bytes / (entry.size_bytes or entry.approx_size_bytes)
        word = f"partial ({min(share, 0.99):.0%})"
    return word, fields


def _abilities(entry: CatalogEntry) -> str:
    found = [("tools", entry.tool_calling), ("reasoning", entry.reasoning),
             ("vision", entry.vision), ("strong Japanese", entry.strong_japanese)]  # fmt: skip
    return ", ".join(name for name, has in found if has) or "chat"


def _languages(entry: CatalogEntry) -> str:
    shown = " ".join(entry.languages[:4])
    more = len(entry.languages) - 4
    return f"{shown} +{more}" if more > 0 else shown or "-"


def _licence(entry: CatalogEntry) -> str:
    return f"! {entry.license_name}" if entry.non_commercial else entry.license_name


def _lines(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows]  # fmt: skip


def _table(rows: list[list[str]], optional: int | None = None) -> None:
    """``rows`` in aligned columns; on a terminal too narrow for them, without the
    ``optional`` column."""
    lines = _lines(rows)
    narrow = sys.stdout.isatty() and max(map(len, lines)) > shutil.get_terminal_size().columns
    if narrow and optional is not None:
        lines = _lines([row[:optional] + row[optional + 1 :] for row in rows])
    print("\n".join(lines))


def catalog_command(args: argparse.Namespace) -> int:
    catalog = load()
    if catalog is None:
        return 1
    models = catalog.models()
    if args.json:
        print_json([_entry_json(catalog, entry) for entry in models])
        return 0
    rows = [["ID", "NAME", "SIZE", "LICENCE", "LANGUAGES", "CAN", "HERE"]]
    for entry in models:
        rows.append([entry.id, entry.display_name, size_text(entry.approx_size_bytes),
                     _licence(entry), _languages(entry), _abilities(entry),
                     here_text(entry)[0]])  # fmt: skip
    _table(rows, optional=1)  # the id says the name too
    if any(entry.non_commercial for entry in models):
        print(f"\n! {NON_COMMERCIAL}")
    print(f"\nWhich suit this computer: hisho models recommend. {USE_HINT}")
    return 0


def _entry_json(catalog: Catalog, entry: CatalogEntry) -> dict[str, Any]:
    data = dataclasses.asdict(entry)
    data["display_name"], data["card_url"] = entry.display_name, entry.card_url
    projector = catalog.projector_for(entry)
    data["projector_entry"] = dataclasses.asdict(projector) if projector else None
    data.update(here_text(entry)[1])
    return data


# --- recommend --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Speed:
    """The speed estimates scale, where it came from, and whether llama.cpp can
    offload to a GPU (known only from a model process)."""

    measured: MeasuredSpeed
    gpu_offload: bool
    source: str  # "measured now", "measured earlier", "built-in"
    measured_at: float | None = None


def _speed(again: bool) -> _Speed | None:
    """The kept speed, else the bundled model's measured now (kept for next time); the
    built-in figure when it cannot be measured. None when Ctrl+C stopped it."""
    from engine.errors import HishoError
    from engine.models.defaults import default_chat_model
    from engine.models.hardware import BUNDLED_SPEED
    from engine.models.speed import load_measured, measure, save_measured
    from engine.storage import settings as settings_store

    stored = None if again else load_measured()
    if stored is not None:
        return _Speed(stored.measured, stored.gpu_offload, "measured earlier", stored.measured_at)
    model = default_chat_model()
    if not model.is_file():
        warn(f"the bundled model is not at {model}; speeds are estimated from a typical laptop")
        return _Speed(BUNDLED_SPEED, False, "built-in")
    chat = settings_store.for_model(load_settings(), model.name)
    print("Measuring this computer's speed with the bundled model…", file=sys.stderr, flush=True)
    with cancel_on_sigint() as cancel:
        try:
            measured, offload = measure(model, chat.threads, chat.gpu_layers, cancel)
        except (HishoError, ValueError) as exc:
            if cancel.cancelled:
                return None
            warn(f"could not measure the speed here ({exc}); using a typical laptop's")
            return _Speed(BUNDLED_SPEED, False, "built-in")
    stored = save_measured(measured, offload)
    return _Speed(measured, offload, "measured now", stored.measured_at)


def recommend_command(args: argparse.Namespace) -> int:
    from engine.i18n import ui_language
    from engine.models.offers import rank

    catalog = load()
    if catalog is None:
        return 1
    speed = _speed(args.measure)
    if speed is None:
        warn("stopped")
        return 130
    language = ui_language(load_settings().ui.language)
    offers = rank(speed.gpu_offload, language, speed.measured, catalog)
    if args.json:
        print_json({
            "hardware": _hardware_json(offers.hardware), "language": language,
            "speed": _speed_json(speed),
            "models": [_recommendation_json(found) for found in offers.ranked],
        })  # fmt: skip
        return 0
    print(_computer_line(offers.hardware))
    print(_speed_line(speed))
    if language == "ja":
        print("Models strong in Japanese come first (your language is Japanese).")
    _print_tiers(list(offers.ranked))
    print(f"\n{USE_HINT}")
    return 0


def _speed_json(speed: _Speed) -> dict[str, Any]:
    data: dict[str, Any] = dataclasses.asdict(speed.measured)
    data.update(source=speed.source, measured_at=speed.measured_at)
    return data


def _hardware_json(hardware: Hardware) -> dict[str, Any]:
    data = dataclasses.asdict(hardware)
    data["gpu_usable"] = hardware.usable_gpu is not None
    return data


def _recommendation_json(found: Recommendation) -> dict[str, Any]:
    entry = found.entry
    return {
        "id": entry.id, "name": entry.display_name, "tier": found.tier.value,
        "label": found.label, "fit": found.fit, "memory_needed": found.memory_needed,
        "on_gpu": found.on_gpu, "speed_known": found.speed_known,
        "tokens_per_second": round(found.tokens_per_second, 2),
        "words_per_second": round(found.words_per_second, 2), "speed": found.speed_sentence,
        "approx_size_bytes": entry.approx_size_bytes, "license_name": entry.license_name,
        "non_commercial": entry.non_commercial, "strong_japanese": entry.strong_japanese,
        "languages": list(entry.languages), **here_text(entry)[1],
    }  # fmt: skip


def _computer_line(hardware: Hardware) -> str:
    line = (f"This computer: {hardware.available_ram / _GB:.1f} GB of "
            f"{hardware.total_ram / _GB:.1f} GB memory free, {hardware.cores} cores")  # fmt: skip
    gpu = hardware.gpu
    if gpu is None:
        return line + ", no GPU found."
    memory = "shared memory" if gpu.unified else f"{gpu.free_bytes / _GB:.1f} GB free"
    usable = "" if hardware.usable_gpu else " (this llama.cpp cannot use it)"
    return line + f", {gpu.name} ({memory}){usable}."


def _speed_line(speed: _Speed) -> str:
    rate = f"{speed.measured.tokens_per_second:.0f} tokens a second"
    size = size_text(speed.measured.model_bytes)
    if speed.source == "built-in":
        return f"Speeds scale a typical laptop's {rate} for a {size} model (not measured here)."
    when = "just now" if speed.source == "measured now" else "earlier (--measure: again now)"
    return f"Speeds scale {rate} for a {size} model, measured here {when}."


def _print_tiers(ranked: list[Recommendation]) -> None:
    label = ""
    rows: list[list[str]] = []
    for found in ranked:
        if found.label != label:
            label = found.label
            rows.append(["", "", "", "", ""])
            rows.append([label, "", "", "", ""])
        entry, here = found.entry, here_text(found.entry)[0]
        notes = [here] if here != "not" else []
        notes += ["non-commercial"] if entry.non_commercial else []
        notes += ["strong Japanese"] if entry.strong_japanese else []
        rows.append([f"  {entry.id}", size_text(entry.approx_size_bytes), found.speed_sentence,
                     found.memory_sentence, ", ".join(notes)])  # fmt: skip
    _table(rows)
