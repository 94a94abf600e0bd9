"""Fixtures shared by every test: an isolated HISHO_HOME and the real bundled model.

Each test gets its own HISHO_HOME (a temp folder), so no test touches the user's data.
The default chat model is the real SmolLM2-135M-Instruct file that setup installed in
the per-user models folder; it is linked into each test's HISHO_HOME. One model
process is started per session and shared (loading once keeps the suite fast).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.xvfb import XvfbUnavailable, xvfb_server

# Privacy for every test run: model hubs offline, dependency telemetry off.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# The network guard (tests/netguard): this process and every Python process a test
# starts may reach only this machine; anything else fails the test that was running.
_GUARD_DIR = Path(__file__).resolve().parent / "netguard"
sys.path.insert(0, str(_GUARD_DIR))
import netguard  # noqa: E402

netguard.install()
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(_GUARD_DIR), os.environ.get("PYTHONPATH")])
)
_GUARD_LOG = Path(tempfile.mkdtemp(prefix="hisho-netguard-")) / "blocked.log"
_GUARD_LOG.touch()
os.environ[netguard.LOG_VARIABLE] = str(_GUARD_LOG)


def _installed_models_dir() -> Path:
    """The real per-user models folder (as setup filled it), ignoring HISHO_HOME."""
    saved = os.environ.pop("HISHO_HOME", None)
    try:
        from engine import paths

        return paths.models_dir()
    finally:
        if saved is not None:
            os.environ["HISHO_HOME"] = saved


INSTALLED_MODELS = _installed_models_dir()


@pytest.fixture(scope="session")
def chat_model_path() -> Path:
    """The real bundled chat model (installed by `make test`'s setup step)."""
    from engine.models.defaults import DEFAULT_CHAT_MODEL

    path = INSTALLED_MODELS / DEFAULT_CHAT_MODEL
    if not path.is_file():
        pytest.fail(f"default model missing at {path}: run `make test` (it installs it)")
    return path


@pytest.fixture(scope="session")
def embedding_model_path() -> Path:
    """The real bundled embedding model, all-MiniLM-L6-v2 (installed by setup)."""
    from engine.models.defaults import DEFAULT_EMBEDDING_MODEL

    path = INSTALLED_MODELS / DEFAULT_EMBEDDING_MODEL
    if not (path / "modules.json").is_file():
        pytest.fail(f"embedding model missing at {path}: run `make test` (it installs it)")
    return path


@pytest.fixture(autouse=True)
def no_network() -> Iterator[None]:
    """Fail the test if any process tried to reach beyond this machine meanwhile."""
    before = _GUARD_LOG.stat().st_size
    yield
    with _GUARD_LOG.open(encoding="utf-8") as log:
        log.seek(before)
        blocked = log.read().strip()
    if blocked:
        pytest.fail(f"network access outside this machine was attempted:\n{blocked}")


@pytest.fixture(autouse=True)
def hisho_home(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chat_model_path: Path,
    embedding_model_path: Path,
) -> Path:
    """A fresh HISHO_HOME for each test, with the default models linked in."""
    home = tmp_path / "hisho-home"
    models = home / "data" / "models"
    models.mkdir(parents=True)
    (models / chat_model_path.name).symlink_to(chat_model_path)
    (models / embedding_model_path.name).symlink_to(embedding_model_path)
    monkeypatch.setenv("HISHO_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def embedder(embedding_model_path: Path) -> object:
    """One real embedding model for the session (loading it takes seconds)."""
    from engine.library.embedder import Embedder

    model = Embedder(embedding_model_path, threads=2)
    model.load()
    return model


@pytest.fixture(scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("session-home")


@pytest.fixture(scope="session")
def local_backend(chat_model_path: Path, session_home: Path) -> Iterator[object]:
    """One real model process for the whole session (greedy decoding in tests).

    One thread: llama.cpp's threads wait for each other in spin barriers, so on a busy
    2-core machine two threads ran 40 tokens in 2-100 s where one thread took ~1 s."""
    from engine.models.local import LocalBackend

    saved = os.environ.get("HISHO_HOME")
    os.environ["HISHO_HOME"] = str(session_home)
    try:
        backend = LocalBackend(chat_model_path, context_length=2048, threads=1)
        backend.load()
    finally:
        if saved is None:
            os.environ.pop("HISHO_HOME", None)
        else:
            os.environ["HISHO_HOME"] = saved
    yield backend
    backend.close()


@pytest.fixture()
def greedy() -> object:
    """Options that make the real model's answer repeatable."""
    from engine.types import GenerationOptions

    return GenerationOptions(temperature=0.0, max_tokens=48, repeat_penalty=1.0)


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private Xvfb display ``:N`` for the session (real windows, screenshots, X11
    key grabs)."""
    try:
        with xvfb_server() as display:
            yield display
    except XvfbUnavailable as exc:
        pytest.skip(str(exc))


def pytest_report_header() -> list[str]:
    return [f"python {sys.version.split()[0]}; models from {INSTALLED_MODELS}"]


@pytest.fixture(scope="session")
def keyring_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A real Secret Service (gnome-keyring on a private D-Bus) for the session."""
    from tests.cloud import Unavailable, secret_service

    try:
        with secret_service(tmp_path_factory.mktemp("secret-service")):
            yield
    except Unavailable as exc:
        pytest.skip(f"no Secret Service here: {exc}")


@pytest.fixture(scope="session")
def cloud_server(
    chat_model_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[object]:
    """A real OpenAI-compatible server on 127.0.0.1 serving the bundled model."""
    from tests.cloud import Unavailable
    from tests.cloud import cloud_server as start

    try:
        with start(chat_model_path, tmp_path_factory.mktemp("cloud-server")) as server:
            yield server
    except Unavailable as exc:
        pytest.skip(str(exc))
