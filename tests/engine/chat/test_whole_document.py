"""The whole document as evidence, with the real model and a real library: it fits the
model's context or it does not (counted with the model's own tokenizer), and when used,
every page reaches the model as quoted data and shows as a source."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import paths
from engine.cancel import CancelToken
from engine.chat.assistant import Grounding, ask
from engine.chat.whole import document_evidence, fit, whole_message
from engine.library.library import Library
from engine.library.types import Scope
from engine.models.local import LocalBackend
from engine.storage.history import History
from engine.types import GenerationOptions, SourcesFound, TurnFinished
from tests.documents import make_pdf

pytestmark = pytest.mark.timeout(300)

ROWS = [f"Invoice {1040 + i}: customer {name}" for i, name in enumerate(
    ["Sato", "Ito", "Sato", "Kato", "Sato", "Mori"])]  # fmt: skip


@pytest.fixture()
def history() -> Iterator[History]:
    store = History(paths.history_db())
    yield store
    store.close()


@pytest.fixture()
def library(tmp_path: Path, embedder: object) -> Iterator[Library]:
    short = make_pdf(tmp_path / "invoices.pdf", [ROWS[:3], ROWS[3:]])
    long_pages = [[f"Line {p}.{n}: the ledger records entry {p * 100 + n}." for n in range(40)]
                  for p in range(1, 8)]  # fmt: skip
    long = make_pdf(tmp_path / "ledger.pdf", long_pages)
    lib = Library(tmp_path / "lib", embedder)  # type: ignore[arg-type]
    list(lib.index([short, long], "Work"))
    yield lib
    lib.close()


def test_a_short_file_fits_and_a_long_one_says_how_much_does(
    library: Library, local_backend: LocalBackend, tmp_path: Path
) -> None:
    short = library.document(Scope("Work", str(tmp_path / "invoices.pdf")))
    long = library.document(Scope("Work", str(tmp_path / "ledger.pdf")))

    assert [page.page for page in short] == [1, 2]
    assert "\n".join(page.text for page in short) == "\n".join(ROWS)
    small = fit(local_backend, short, context_length=2048)
    big = fit(local_backend, long, context_length=2048)

    assert small.fits and 0 < small.tokens < 300
    assert (
        small.describe()
        == f"All of invoices.pdf fits this model's context ({small.tokens} tokens)."
    )
    assert not big.fits and big.tokens > 2048
    percent = int(big.share * 100)
    assert 10 <= percent <= 80
    assert big.describe() == f"About {percent}% of ledger.pdf fits this model's context."


def test_the_whole_document_reaches_the_model_with_every_row(
    history: History,
    library: Library,
    local_backend: LocalBackend,
    greedy: GenerationOptions,
    tmp_path: Path,
) -> None:
    scope = Scope("Work", str(tmp_path / "invoices.pdf"))
    pages = library.document(scope)
    message = whole_message("Which invoices are Sato's?", document_evidence(pages))
    assert message.splitlines()[:3] == ["[1] Invoice 1040: customer Sato", ROWS[1], ROWS[2]]
    assert message.endswith("Question: Which invoices are Sato's?")
    conversation = history.create_conversation()
    grounding = Grounding(library.search, scope, budget_tokens=200, document=library.document)

    events = list(ask(history, local_backend, conversation.id, "Which invoices are Sato's?",
                      greedy, CancelToken(), "", grounding))  # fmt: skip

    (found,) = [e for e in events if isinstance(e, SourcesFound)]
    assert [(p.name, p.page) for p in found.passages] == [("invoices.pdf", 1), ("invoices.pdf", 2)]
    assert isinstance(events[-1], TurnFinished) and events[-1].text
