"""Reading a conversation export one item at a time: the same values ``json`` reads,
however the text falls into chunks, and never the whole file at once."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from engine.storage import json_stream
from engine.storage.json_stream import JsonStream, JsonStreamError

DOCUMENTS: list[Any] = [
    [],
    [1, 22, 333, 4.5e-7, -12, True, False, None, "x"],
    [{"a": [1, {"b": '日本語 \\u00e9 "quoted"'}], "n": 1234567890123}, {}, [[]]],
    {"format": "hisho-conversations", "version": 1, "conversations": [{"k": 1}, {"k": 22}]},
    {"version": 12, "conversations": [], "after": [1, 2]},
    {"conversations": [1, 2], "later": {"x": None}},
    {"account": {"uuid": "a"}},
    {},
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
@pytest.mark.parametrize("document", DOCUMENTS)
def test_items_match_what_json_reads_at_any_chunk_size(
    document: Any, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_stream, "_CHUNK", chunk)
    text = json.dumps(document, ensure_ascii=False, indent=1 if chunk % 2 else None)
    stream = JsonStream(io.StringIO(text))
    items = list(stream.items())
    if isinstance(document, list):
        assert items == document
        assert stream.header == {}
    else:
        assert items == document.get("conversations", [])
        assert stream.header == {k: v for k, v in document.items() if k != "conversations"}
    assert stream.items_read == len(items)


class CountingText(io.StringIO):
    """A text stream that remembers how much has been read from it."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.read_chars = 0

    def read(self, size: int | None = -1) -> str:
        chunk = super().read(size)
        self.read_chars += len(chunk)
        return chunk


def test_the_first_item_comes_before_the_file_is_read() -> None:
    items = [{"title": f"chat {n}", "text": "word " * 2_000} for n in range(2_000)]
    text = CountingText(json.dumps(items))  # about 20 MB
    stream = JsonStream(text)
    first = next(iter(stream.items()))
    assert first["title"] == "chat 0"
    assert text.read_chars <= 2 * json_stream._CHUNK < len(text.getvalue()) / 5


class CountingDecoder(json.JSONDecoder):
    calls = 0

    def raw_decode(self, s: str, idx: int = 0) -> tuple[Any, int]:
        self.calls += 1
        return super().raw_decode(s, idx)


def test_a_large_item_costs_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_stream, "_CHUNK", 1024)
    big = {"text": "x" * 4_000_000}
    stream = JsonStream(io.StringIO(json.dumps([big, 1])))
    stream._decoder = decoder = CountingDecoder()
    assert list(stream.items()) == [big, 1]
    assert decoder.calls < 30  # the buffer doubles: ~12 tries for 4 MB from 1 KB, not 4,000


@pytest.mark.parametrize(
    ("text", "read_before"),
    [
        ('[{"a": 1}, {"b": 2}, {"c": ', 2),  # cut off inside an item
        ('[{"a": 1}, {"b": 2}', 2),  # cut off before the closing bracket
        ('[{"a": 1} {"b": 2}]', 1),  # a comma missing
        ('[{"a": 1}, nonsense]', 1),
        ('[{"a": 1}] trailing', 1),
    ],
)
def test_a_damaged_document_says_how_far_it_got(text: str, read_before: int) -> None:
    stream = JsonStream(io.StringIO(text))
    got = []
    with pytest.raises(JsonStreamError) as caught:
        for item in stream.items():
            got.append(item)
    assert len(got) == read_before
    assert caught.value.items_read == read_before


@pytest.mark.parametrize("text", ["", "   ", "%PDF-1.4", "hello", "42"])
def test_text_that_is_not_a_document_is_refused_at_once(text: str) -> None:
    with pytest.raises(JsonStreamError):
        JsonStream(io.StringIO(text))


def test_an_item_that_never_ends_stops_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_stream, "_CHUNK", 1000)
    text = CountingText('[{"a": "' + "x" * 50_000)
    stream = JsonStream(text, max_item=10_000)
    with pytest.raises(JsonStreamError, match="larger than"):
        list(stream.items())
    assert text.read_chars < 50_000
