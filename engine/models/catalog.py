"""The curated catalog of models Hisho offers to download (assets/models/catalog.json).

The file is data written by ``scripts/build_catalog.py`` from published hashes (see its
docstring for which rows are taken). Loading it never fails: a damaged file gives an
empty catalog, and an entry that does not validate (no 64-hex sha256, no https URL, a
file name that is not a plain ``.gguf`` name, no licence, …) is left out, with the
reason logged and kept in ``Catalog.problems``; the rest is offered.

Sizes: ``size_bytes`` is exact when a source states it (the download then checks it) or
None (the download checks only the sha256); ``approx_size_bytes`` is always there and is
what size filters and fit and speed estimates use.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from engine.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

CATALOG_FILE = Path(__file__).resolve().parents[2] / "assets" / "models" / "catalog.json"
#: Names another catalog file (tests, and anyone curating their own list).
CATALOG_ENV = "HISHO_CATALOG"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
FORMAT = 1
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.gguf$")


class CatalogEntryError(ValueError):
    """One catalog entry is not usable; ``str()`` says which field and why."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One downloadable GGUF file: a chat model, or the vision projector one needs."""

    id: str  # "qwen3-4b-q4_k_m": what `hisho models download NAME` takes
    name: str  # "Qwen3-4B"
    family: str
    role: str  # "model" or "mmproj"
    publisher: str
    hf_repo: str
    file: str  # the file name it is saved under in the models folder
    url: str
    sha256: str
    size_bytes: int | None  # exact, when a source states it
    approx_size_bytes: int
    parameters: int | None
    parameters_label: str
    quantization: str
    context_length: int | None
    license: str
    license_name: str
    license_url: str
    non_commercial: bool
    languages: tuple[str, ...]
    strong_japanese: bool
    tool_calling: bool
    reasoning: bool  # thinks in <think>…</think> before answering
    thinking_off: str | None  # what turns thinking off ("/no_think"), if anything
    vision: bool
    projector: str | None  # the id of its mmproj entry
    trust: str
    hash_source: str

    @property
    def display_name(self) -> str:
        return f"{self.name} {self.quantization}"

    @property
    def card_url(self) -> str:
        """The model card, where the licence and the model are described."""
        return f"https://huggingface.co/{self.hf_repo}"

    def good_at(self, language: str) -> bool:
        """Whether it is good at ``language`` ("ja", "en", …; a region like "ja_JP" too)."""
        return language.split("_")[0].split("-")[0].lower() in self.languages


@dataclass(frozen=True, slots=True)
class Catalog:
    """The valid entries, and a sentence for each one left out: English, for the log
    and the CLI; only the damaged-file sentence is marked for translation."""

    entries: tuple[CatalogEntry, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def models(self) -> list[CatalogEntry]:
        """The chat models (projectors are fetched along with the model that needs them)."""
        return [entry for entry in self.entries if entry.role == "model"]

    def get(self, entry_id: str) -> CatalogEntry | None:
        """The entry with this id (matched without case), or None."""
        wanted = entry_id.strip().lower()
        return next((entry for entry in self.entries if entry.id == wanted), None)

    def projector_for(self, entry: CatalogEntry) -> CatalogEntry | None:
        """The vision projector a model needs for image input, or None."""
        return self.get(entry.projector) if entry.projector else None


def filter_models(
    entries: Iterable[CatalogEntry], max_bytes: int | None = None, language: str | None = None
) -> list[CatalogEntry]:
    """The models at most ``max_bytes`` big (approximate size) and good at ``language``."""
    return [
        entry
        for entry in entries
        if entry.role == "model"
        and (max_bytes is None or entry.approx_size_bytes <= max_bytes)
        and (language is None or entry.good_at(language))
    ]


def catalog_file() -> Path:
    """The catalog in use: ``$HISHO_CATALOG`` when set, else the one shipped."""
    override = os.environ.get(CATALOG_ENV)
    return Path(override) if override else CATALOG_FILE


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog in ``path`` (default: ``catalog_file()``); a damaged file gives an
    empty one (logged), a bad entry is left out (logged) and the others stay."""
    path = path or catalog_file()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _damaged(path, str(exc))
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        return _damaged(path, "no list of entries")
    if document.get("format") != FORMAT:
        return _damaged(path, f"format {document.get('format')!r}, expected {FORMAT}")
    entries: list[CatalogEntry] = []
    problems: list[str] = []
    for index, raw in enumerate(document["entries"]):
        try:
            entry = parse_entry(raw)
            if any(entry.id == known.id for known in entries):
                raise CatalogEntryError(f"id {entry.id!r} appears twice")
            entries.append(entry)
        except CatalogEntryError as exc:
            label = raw.get("id") if isinstance(raw, dict) else None
            problem = f"catalog entry {label or index}: {exc}; not offered"
            log.warning("%s (%s)", problem, path)
            problems.append(problem)
    entries, unlinked = _link_projectors(entries)
    problems.extend(unlinked)
    return Catalog(tuple(entries), tuple(problems))


def _damaged(path: Path, reason: str) -> Catalog:
    problem = QT_TRANSLATE_NOOP(
        "Engine", "The model catalog {path} is damaged ({reason}); no models are offered."
    ).format(path=path, reason=reason)
    log.error("%s", problem)
    return Catalog((), (problem,))


def _link_projectors(entries: list[CatalogEntry]) -> tuple[list[CatalogEntry], list[str]]:
    """A model whose projector is missing is still offered, for text only."""
    projectors = {entry.id for entry in entries if entry.role == "mmproj"}
    linked: list[CatalogEntry] = []
    problems: list[str] = []
    for entry in entries:
        if entry.projector and entry.projector not in projectors:
            problem = f"catalog entry {entry.id}: projector {entry.projector!r} is missing; "
            problem += "offered for text only"
            log.warning("%s", problem)
            problems.append(problem)
            entry = replace(entry, projector=None, vision=False)
        linked.append(entry)
    return linked, problems


def parse_entry(raw: object) -> CatalogEntry:
    """One entry from its JSON object.

    Raises:
        CatalogEntryError: a field is missing, of the wrong type, or not acceptable.
    """
    if not isinstance(raw, dict):
        raise CatalogEntryError("not an object")
    fields = _Fields(raw)
    size = fields.optional_int("size_bytes")
    approx = fields.optional_int("approx_size_bytes") or size
    if approx is None:
        raise CatalogEntryError("no size and no approximate size")
    role = fields.text("role")
    if role not in ("model", "mmproj"):
        raise CatalogEntryError(f"role {role!r} is neither 'model' nor 'mmproj'")
    return CatalogEntry(
        id=fields.matching("id", _ID), name=fields.text("name"), family=fields.text("family"),
        role=role, publisher=fields.text("publisher"), hf_repo=fields.text("hf_repo"),
        file=fields.matching("file", _FILE), url=fields.https_url("url", loopback=True),
        sha256=fields.matching("sha256", _SHA256), size_bytes=size, approx_size_bytes=approx,
        parameters=fields.optional_int("parameters"),
        parameters_label=fields.text("parameters_label"),
        quantization=fields.text("quantization"),
        context_length=fields.optional_int("context_length"),
        license=fields.text("license"), license_name=fields.text("license_name"),
        license_url=fields.https_url("license_url"),
        non_commercial=fields.flag("non_commercial"),
        languages=fields.languages(), strong_japanese=fields.flag("strong_japanese"),
        tool_calling=fields.flag("tool_calling"), reasoning=fields.flag("reasoning"),
        thinking_off=fields.optional_text("thinking_off"), vision=fields.flag("vision"),
        projector=fields.optional_text("projector"), trust=fields.text("trust"),
        hash_source=fields.text("hash_source"),
    )  # fmt: skip


class _Fields:
    """Typed reads of one entry's JSON object; each raises CatalogEntryError."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def text(self, key: str) -> str:
        value = self.raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CatalogEntryError(f"no {key}")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self.raw.get(key) is None else self.text(key)

    def matching(self, key: str, pattern: re.Pattern[str]) -> str:
        value = self.text(key)
        if not pattern.match(value):
            raise CatalogEntryError(f"{key} {value!r} is not valid")
        return value

    def https_url(self, key: str, loopback: bool = False) -> str:
        """An https address; with ``loopback``, plain http to this computer too (a
        server on 127.0.0.1 that a test or a local mirror runs: nothing leaves)."""
        value = self.text(key)
        parts = urlsplit(value)
        local = loopback and parts.scheme == "http" and parts.hostname in _LOOPBACK
        if not (parts.scheme == "https" or local) or not parts.hostname:
            raise CatalogEntryError(f"{key} {value!r} is not an https address")
        return value

    def optional_int(self, key: str) -> int | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise CatalogEntryError(f"{key} {value!r} is not a positive whole number")
        return value

    def flag(self, key: str) -> bool:
        value = self.raw.get(key, False)
        if not isinstance(value, bool):
            raise CatalogEntryError(f"{key} {value!r} is not true or false")
        return value

    def languages(self) -> tuple[str, ...]:
        value = self.raw.get("languages", [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise CatalogEntryError("languages is not a list of language codes")
        return tuple(value)
