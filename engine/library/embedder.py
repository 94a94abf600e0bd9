"""Sentence embeddings (sentence-transformers), loaded from the per-user models folder.

The model never comes from a hub: ``HF_HUB_OFFLINE`` is set before the library is
imported and the model is a local folder. Vectors are L2-normalised, so cosine
similarity is a dot product.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.errors import LibraryError
from engine.i18n import QT_TRANSLATE_NOOP
from engine.models.defaults import default_embedding_model

#: Names of well-known multilingual sentence-transformers models whose folder may lack a
#: model card (matched case-insensitively against the folder name).
_MULTILINGUAL_NAMES = ("multilingual", "labse", "bge-m3", "xlm-r", "mpnet-base-v2-multi")
#: Script families a model must know for its vectors to count fully on a question.
CJK_LANGUAGES = frozenset({"ja", "zh", "ko"})


def model_languages(model_path: Path) -> frozenset[str]:
    """The languages an embedding model was trained for, from its model card's front
    matter (``language: en`` or a list); {"multilingual"} for a card listing many or
    saying so, or for a well-known multilingual model's name. An unknown model counts as
    English-only, so that retrieval leans on keywords for other scripts."""
    languages: set[str] = set()
    try:
        card = (model_path / "README.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        card = ""
    if card.startswith("---"):
        front = card.split("---", 2)[1]
        in_list = False
        for line in front.splitlines():
            key, _, value = line.partition(":")
            if not line.startswith((" ", "-")) and key.strip():
                in_list = key.strip() == "language"
                if in_list and value.strip():
                    languages.update(v.strip(" []'\"").lower() for v in value.split(","))
            elif in_list and line.strip().startswith("-"):
                languages.add(line.strip()[1:].strip(" '\"").lower())
    languages.discard("")
    if "multilingual" in languages or len(languages) > 3:
        return frozenset({"multilingual"})
    if any(name in model_path.name.lower() for name in _MULTILINGUAL_NAMES):
        return frozenset({"multilingual"})
    return frozenset(languages or {"en"})


def knows_cjk(languages: frozenset[str]) -> bool:
    """Whether a model with these languages understands Japanese (and other CJK)."""
    return "multilingual" in languages or bool(languages & CJK_LANGUAGES)


def resolve_embedding_model(configured: str) -> Path:
    """The embedding model folder to load: the configured one, else the default."""
    return Path(configured).expanduser() if configured else default_embedding_model()


class Embedder:
    """One embedding model. Loads on first use; safe to call from several threads."""

    def __init__(self, model_path: Path, threads: int = 0) -> None:
        self.model_path = model_path
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()
        #: From the model card, read once: every search asks (Library.search).
        self.languages = model_languages(model_path)

    @property
    def name(self) -> str:
        return self.model_path.name

    @property
    def knows_cjk(self) -> bool:
        return knows_cjk(self.languages)

    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        if (
            not (self.model_path / "modules.json").is_file()
            and not (self.model_path / "config.json").is_file()
        ):
            raise LibraryError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "No embedding model at {path}. Run `python -m engine.models "
                    "install-defaults`, or choose another embedding model in the settings.",
                ).format(path=self.model_path)
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import torch
        from sentence_transformers import SentenceTransformer

        if self.threads > 0:
            torch.set_num_threads(self.threads)
        try:
            self._model = SentenceTransformer(
                str(self.model_path), device="cpu", local_files_only=True
            )
        except Exception as exc:  # a broken model folder: say which, keep the app alive
            raise LibraryError(
                QT_TRANSLATE_NOOP(
                    "Engine",
                    "The embedding model at {path} could not be loaded ({error}). "
                    "Reinstall it with `python -m engine.models install-defaults`.",
                ).format(path=self.model_path, error=exc)
            ) from exc
        return self._model

    def load(self) -> None:
        with self._lock:
            self._load()

    @property
    def dimension(self) -> int:
        with self._lock:
            model = self._load()
            get = (
                getattr(model, "get_embedding_dimension", None)
                or model.get_sentence_embedding_dimension
            )
            return int(get())

    @property
    def max_tokens(self) -> int:
        """The longest input the model reads; longer text is cut by the model."""
        with self._lock:
            return int(self._load().max_seq_length)

    def token_spans(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """For each text, the character span of every token (special tokens left out)."""
        with self._lock:
            tokenizer = self._load().tokenizer
        encoded = tokenizer(
            list(texts), add_special_tokens=False, return_offsets_mapping=True, verbose=False
        )
        return [[(int(a), int(b)) for a, b in spans] for spans in encoded["offset_mapping"]]

    def embed(
        self, texts: Sequence[str], batch_size: int = 32, threads: int = 0
    ) -> list[list[float]]:
        """Unit-length vectors, one per text. sentence-transformers sorts the texts by
        length before batching, so padding stays small.

        ``threads``: torch's threads for this call only (0: the embedder's own). A
        search embeds its one question on a single thread while its keyword queries run
        on another core; two torch threads there fight them for it (bench/retrieval.py:
        p95 at 100,000 chunks 53 ms against 70)."""
        if not texts:
            return []
        with self._lock:
            model = self._load()
            import torch

            before = torch.get_num_threads()
            if threads > 0 and threads != before:
                torch.set_num_threads(threads)
            try:
                vectors = model.encode(
                    list(texts),
                    batch_size=batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            finally:
                if torch.get_num_threads() != before:
                    torch.set_num_threads(before)
        return [[float(x) for x in row] for row in vectors]
