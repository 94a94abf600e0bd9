"""Build Hisho's curated model catalog (assets/models/catalog.json) from published hashes.

Reads ``../shared/model-catalog/sources.jsonl`` (one GGUF file a line, each with the sha256
a named public source states and a trust level; see its README) and writes the catalog
the app offers for download. Usage::

    python scripts/build_catalog.py [--sources PATH] [--out assets/models/catalog.json]

Which rows are taken:

- ``trust: high`` rows, and ``medium`` rows whose hash a *named* source states (the row's
  ``source_repo``, or an ``owner/repo:path@commit`` entry in ``agreed_by`` that records the
  same sha256); never a ``low`` row, never a row with only an md5;
- one file per model and quantization: where several builds qualify, the one with the
  higher trust, a named source and a stated size wins (then the earlier row);
- a vision projector (``role: mmproj``) only when a catalog model uses it.

Sizes: ``size_bytes`` is the exact size a source states, or null. The download checks a
stated size; without one it takes the server's Content-Length for progress and the free
space check, and only the sha256 decides whether the file is kept: an entry without a
known size is still offered, because its hash is known. ``approx_size_bytes`` is always
set (the stated size, else the size a source states for another build of the same model
and quantization, else parameters x bits per weight) and is what fit and speed estimates
and size filters use.

What the hash sources do not say (languages a model is good at, tool calling, thinking,
licence names) is curated here from the model cards, in ``FAMILIES`` and ``LICENCES``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO.parent / "shared" / "model-catalog" / "sources.jsonl"
OUT = REPO / "assets" / "models" / "catalog.json"
FORMAT = 1

#: Licence id (the first word of a row's ``license``) -> (name, non-commercial, where to read it).
LICENCES: dict[str, tuple[str, bool, str]] = {
    "apache-2.0": ("Apache-2.0", False, "https://www.apache.org/licenses/LICENSE-2.0"),
    "mit": ("MIT", False, "https://opensource.org/license/mit"),
    "qwen-research": (
        "Qwen Research License (non-commercial)",
        True,
        "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE",
    ),
    "llama3.1": (
        "Llama 3.1 Community License",
        False,
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",
    ),
    "llama3.2": (
        "Llama 3.2 Community License",
        False,
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE",
    ),
    "gemma": ("Gemma Terms of Use", False, "https://ai.google.dev/gemma/terms"),
}

_MULTI = ["en", "zh", "ja", "ko", "fr", "de", "es", "it", "pt", "ru", "ar", "vi", "th"]
_LLAMA = ["en", "de", "fr", "it", "pt", "hi", "es", "th"]  # the eight the Llama cards list


@dataclass(frozen=True)
class Family:
    """What the model cards say about a family (not stated by the hash sources)."""

    languages: list[str]
    tool_calling: bool
    #: Parameters from which the family counts as strong in Japanese (None: never).
    japanese_from: float | None = None
    reasoning: bool = False
    thinking_off: str | None = None  # what turns thinking off for one turn


FAMILIES = {
    # Qwen2.5: 29+ languages; Japanese is good from 1.5B (the 0.5B is weak at it).
    "qwen2.5": Family(_MULTI, tool_calling=True, japanese_from=1.5e9),
    # Qwen3: 119 languages, hybrid thinking (<think>…</think>, "/no_think" turns it off).
    "qwen3": Family(
        _MULTI, tool_calling=True, japanese_from=1.5e9, reasoning=True, thinking_off="/no_think"
    ),
    "llama3.2": Family(_LLAMA, tool_calling=True),
    "llama3.1": Family(_LLAMA, tool_calling=True),
    "gemma3": Family(_MULTI, tool_calling=False),  # 1B and 270M: English only (below)
    "phi": Family(["en"], tool_calling=False),
    "smollm2": Family(["en"], tool_calling=False),
    "mistral": Family(["en", "fr", "de", "es", "it"], tool_calling=True),
    "ministral3": Family(
        ["en", "fr", "es", "de", "it", "pt", "nl", "zh", "ja", "ko", "ar"], tool_calling=True
    ),
    # TinySwallow (Sakana AI): Japanese-first, distilled from Qwen2.5 (its chat template).
    "tinyswallow": Family(["ja", "en"], tool_calling=False, japanese_from=0.0),
}
#: Per-model exceptions to the family facts, by model name.
EXCEPTIONS: dict[str, dict[str, Any]] = {
    "Gemma-3-270M-it": {"languages": ["en"]},
    "Gemma-3-1B-it": {"languages": ["en"]},
    "Phi-3.5-mini-instruct": {"languages": ["en", "zh", "ja", "ko", "fr", "de", "es", "it"]},
    "Phi-4-mini-instruct": {
        "languages": ["en", "zh", "ja", "ko", "fr", "de", "es", "it", "ar"],
        "tool_calling": True,
    },
    "SmolLM2-1.7B-Instruct": {"tool_calling": True},  # its card: "function calling"
    # The 2507 refresh is the non-thinking variant.
    "Qwen3-4B-Instruct-2507": {"reasoning": False, "thinking_off": None},
}
#: Vision projectors: the model name they serve (text works without them).
VISION_MODELS = {"Gemma-3-4B-it", "Ministral-3-3B-Instruct-2512", "Ministral-3-8B-Instruct-2512"}
#: Vision towers whose size no source states: parameters from the model rows ("+ 0.4B vision").
PROJECTOR_PARAMETERS = {
    "Ministral-3-3B-Instruct-2512": 0.4e9,
    "Ministral-3-8B-Instruct-2512": 0.4e9,
}
#: Average bits per weight of whole GGUF files (measured from the rows that state a size).
BITS_PER_WEIGHT = {"Q4_0": 5.2, "Q4_K_M": 5.0, "Q5_K_M": 5.8, "Q6_K": 6.6, "Q8_0": 8.5}
BITS_PER_WEIGHT |= {"F16": 16.0, "F32": 32.0}
_NAMED_SOURCE = re.compile(r"^[\w.-]+/[\w.-]+:\S+@[0-9a-f]{7,40}\b")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TRUST_ORDER = {"high": 0, "medium": 1}


def hash_source(row: dict[str, Any]) -> str | None:
    """The named source that states this row's sha256, or None (unnamed or none)."""
    if row.get("source_repo"):
        commit = str(row.get("source_commit") or "")[:12]
        return f"{row['source_repo']}:{row['source_path']}@{commit}"
    for agreed in row.get("agreed_by") or []:
        if _NAMED_SOURCE.match(agreed) and "no hash" not in agreed:
            return str(agreed).split(" (", 1)[0]
    return None


def eligible(row: dict[str, Any]) -> bool:
    """A high row, or a medium one with a named hash source; a real sha256 either way."""
    if not _SHA256.match(str(row.get("sha256") or "")):
        return False  # md5 only
    if row["trust"] == "high":
        return True
    return row["trust"] == "medium" and hash_source(row) is not None


def split_name(row: dict[str, Any]) -> tuple[str, str]:
    """("Gemma-3-4B-it QAT", "Q4_0") from "Gemma-3-4B-it QAT Q4_0 (bartowski)"."""
    key = row["name"].split(" (", 1)[0].removesuffix(" [md5 only]")
    model, _, quant = key.rpartition(" ")
    return model.removesuffix(" mmproj"), quant


def publisher(row: dict[str, Any]) -> str:
    match = re.search(r"\(([^)]*)\)", row["name"])
    return match.group(1) if match else row["hf_repo"].split("/")[0]


def parameters(text: str) -> int | None:
    """4020000000 from "4.02B", "~8.4B LM + 0.4B vision", "0.6B (0.44B non-embedding)"."""
    match = re.search(r"([\d.]+)\s*B\b", text)
    return round(float(match.group(1)) * 1e9) if match else None


def context_length(value: object) -> int | None:
    """32768 from 32768 or "32768 native, 131072 with YaRN"."""
    match = re.match(r"\s*(\d+)", str(value)) if value is not None else None
    return int(match.group(1)) if match else None


def family_of(row: dict[str, Any]) -> str:
    return "tinyswallow" if row["name"].startswith("TinySwallow") else str(row["family"])


def approx_size(row: dict[str, Any], rows: list[dict[str, Any]]) -> int:
    """The stated size, else another build's stated size, else parameters x bits."""
    if row.get("size_bytes"):
        return int(row["size_bytes"])
    key = split_name(row)
    siblings = [r["size_bytes"] for r in rows if r.get("size_bytes") and split_name(r) == key]
    if siblings:
        return int(max(siblings))
    model, quant = key
    count = PROJECTOR_PARAMETERS.get(model) if row["role"] == "mmproj" else None
    count = count or parameters(str(row["params"]))
    if count is None:
        raise SystemExit(f"no size and no parameter count for {row['name']}")
    return int(count * BITS_PER_WEIGHT[quant] / 8)


def preference(row: dict[str, Any]) -> tuple[int, int, int]:
    """Sort key: higher trust, then a named source_repo, then a stated size."""
    return (
        _TRUST_ORDER[row["trust"]],
        0 if row.get("source_repo") else 1,
        0 if row.get("size_bytes") else 1,
    )


def slug(model: str, quant: str, role: str) -> str:
    text = f"{model} mmproj {quant}" if role == "mmproj" else f"{model} {quant}"
    return re.sub(r"[^a-z0-9._]+", "-", text.lower()).strip("-")


def choose(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One eligible row per (model, quantization, role), the preferred one, in file order."""
    best: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        if not eligible(row):
            continue
        key = (*split_name(row), row["role"])
        if key not in best or preference(row) < preference(best[key]):
            best[key] = row
    chosen = {id(row) for row in best.values()}
    return [row for row in rows if id(row) in chosen]


def licence(row: dict[str, Any]) -> dict[str, Any]:
    licence_id = str(row["license"]).split()[0].lower()
    name, non_commercial, url = LICENCES[licence_id]
    return {"license": licence_id, "license_name": name, "license_url": url,
            "non_commercial": non_commercial}  # fmt: skip


def capabilities(model: str, family: str, count: int | None, role: str) -> dict[str, Any]:
    """Languages, Japanese strength, tools and thinking (none for a projector)."""
    facts = FAMILIES[family] if role == "model" else Family([], tool_calling=False)
    values: dict[str, Any] = {
        "languages": facts.languages,
        "tool_calling": facts.tool_calling,
        "reasoning": facts.reasoning,
        "thinking_off": facts.thinking_off,
    }
    values |= EXCEPTIONS.get(model, {})
    strong = facts.japanese_from is not None and (count or 0) >= facts.japanese_from
    values["strong_japanese"] = strong and "ja" in values["languages"]
    return values


def entry(
    row: dict[str, Any], rows: list[dict[str, Any]], projectors: dict[str, str]
) -> dict[str, Any]:
    """The catalog entry for one chosen row."""
    model, quant = split_name(row)
    family = family_of(row)
    count = parameters(str(row["params"]))
    if row["role"] == "mmproj":
        count = int(PROJECTOR_PARAMETERS.get(model) or count or 0) or None
    base = model.removesuffix(" QAT")
    projector = projectors.get(base) if row["role"] == "model" else None
    values: dict[str, Any] = {
        "id": slug(model, quant, row["role"]),
        "name": model,
        "family": family,
        "role": row["role"],
        "publisher": publisher(row),
        "hf_repo": row["hf_repo"],
        "file": row["file"],
        "url": row["url"],
        "sha256": row["sha256"],
        "size_bytes": row.get("size_bytes"),
        "approx_size_bytes": approx_size(row, rows),
        "parameters": count,
        "parameters_label": str(row["params"]).split()[0].lstrip("~"),
        "quantization": quant,
        "context_length": context_length(row.get("context")),
    }
    values |= licence(row)
    values |= capabilities(model, family, count, row["role"])
    values |= {"vision": projector is not None, "projector": projector}
    values |= {"trust": row["trust"], "hash_source": hash_source(row) or row["source_path"]}
    return values


def build(rows: list[dict[str, Any]], sources_sha256: str) -> dict[str, Any]:
    chosen = choose(rows)
    models = {split_name(r)[0].removesuffix(" QAT") for r in chosen if r["role"] == "model"}
    projectors = {
        split_name(r)[0]: slug(*split_name(r), "mmproj")
        for r in chosen
        if r["role"] == "mmproj" and split_name(r)[0] in VISION_MODELS & models
    }
    used = set(projectors.values())
    entries = [
        entry(r, rows, projectors)
        for r in chosen
        if r["role"] == "model" or slug(*split_name(r), "mmproj") in used
    ]
    return {
        "format": FORMAT,
        "built_from": {"file": "model-catalog/sources.jsonl", "sha256": sources_sha256},
        "about": [
            "Hisho's curated model catalog, written by scripts/build_catalog.py; do not edit.",
            "Each sha256 is copied from the named public source in hash_source (trust high, "
            "or medium with a named source); a download whose sha256 differs is quarantined.",
            "size_bytes is the exact size a source states, or null: then the download "
            "checks only the sha256; approx_size_bytes is for fit and speed estimates.",
            "Licences come from the model cards; non_commercial marks licences that forbid "
            "commercial use. Show license_name before a download.",
        ],
        "entries": entries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    raw = args.sources.read_bytes()
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    catalog = build(rows, hashlib.sha256(raw).hexdigest())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(catalog, indent=1, ensure_ascii=False) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"{len(catalog['entries'])} entries from {len(rows)} rows -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
