"""Telling a reasoning model's thinking from its answer (engine.chat.thinking).

The splitter sees a reply in whatever pieces the model process sends: every way of
cutting a reply into two or three pieces (and one character at a time) must give the
same thinking and answer. The turn events, the template's switch and what a template
says of its model are checked here too; the real model's thinking is in
test_thinking_model.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Generator, Iterator

import pytest

from engine.chat.template import ChatTemplate
from engine.chat.thinking import (
    ThinkingSplitter,
    answer_of,
    opens_thinking,
    split_text,
    split_thinking,
    thinking_support,
)
from engine.errors import GenerationError
from engine.types import (
    AuthorChanged,
    ChatMessage,
    Notice,
    StreamEvent,
    ThinkingDelta,
    ThinkingDone,
    ThinkingSupport,
    Token,
)

#: (reply as the model wrote it, its thinking, its answer)
REPLIES = [
    ("<think>Two and two.\nThat makes four.</think>\n\nIt is **4**.",
     "Two and two.\nThat makes four.", "It is **4**."),
    ("\n<think>\nweigh it</think>The answer", "weigh it", "The answer"),
    ("<think>a < b, so </b> is no tag</think>ok", "a < b, so </b> is no tag", "ok"),
    ("<think>still going, never closed", "still going, never closed", ""),
    ("<think>\n\n</think>\n\nStraight to it.", "", "Straight to it."),
    ("Plain answer, <think>not thinking</think> here.",
     "", "Plain answer, <think>not thinking</think> here."),
    ("\n  An answer with a leading newline", "", "\n  An answer with a leading newline"),
    ("<thinking> is a tag I like", "", "<thinking> is a tag I like"),
    ("<th", "", "<th"),
    ("<think>日本語で考える。</think>答えは四です。", "日本語で考える。", "答えは四です。"),
]  # fmt: skip


def sorted_parts(pieces: list[str]) -> tuple[str, str, int]:
    """(thinking, answer, how many times the block ended) of a reply fed in ``pieces``."""
    splitter = ThinkingSplitter()
    parts = [p for piece in pieces for p in splitter.feed(piece)] + splitter.close()
    thinking = "".join(p.text for p in parts if p.kind == "thinking")
    answer = "".join(p.text for p in parts if p.kind == "answer")
    return thinking.strip(), answer, sum(p.kind == "end" for p in parts)


def cuts(text: str, count: int) -> Iterator[list[str]]:
    """Every way to cut ``text`` into ``count`` pieces (empty pieces included)."""
    for points in itertools.combinations_with_replacement(range(len(text) + 1), count - 1):
        bounds = (0, *points, len(text))
        yield [text[a:b] for a, b in itertools.pairwise(bounds)]


@pytest.mark.parametrize(("reply", "thinking", "answer"), REPLIES)
def test_every_split_point_gives_the_same_thinking_and_answer(
    reply: str, thinking: str, answer: str
) -> None:
    ends = 1 if reply.lstrip().startswith("<think>") else 0
    assert sorted_parts([reply]) == (thinking, answer, ends)
    assert sorted_parts(list(reply)) == (thinking, answer, ends)
    for pieces in cuts(reply, 2):
        assert sorted_parts(pieces) == (thinking, answer, ends), pieces
    if len(reply) <= 40:
        for pieces in cuts(reply, 3):
            assert sorted_parts(pieces) == (thinking, answer, ends), pieces


def test_the_real_models_tokens_split_tags_and_are_sorted_as_they_come() -> None:
    # SmolLM2's own tokens for "<think>…</think>": every tag is three tokens.
    tokens = ["<", "think", ">", "Two", " plus", " two", ".", " </", "think", ">", "\n", "Four"]
    splitter = ThinkingSplitter()
    shown = [(p.kind, p.text) for token in tokens for p in splitter.feed(token) if p.text]
    assert shown == [
        ("thinking", "Two"),
        ("thinking", " plus"),
        ("thinking", " two"),
        ("thinking", "."),
        ("thinking", " "),  # " </" waits: its "</" may begin the closing tag
        ("answer", "Four"),
    ]


def test_a_bare_closing_tag_means_the_template_opened_the_block() -> None:
    # DeepSeek-R1's template opens <think> in the prompt; a server that does not say so
    # sends the reply from the middle of the block.
    assert split_text("I weigh it.\n</think>\n\nIt is 4.") == ("I weigh it.", "It is 4.")
    assert split_text("Tags: <think> and </think>.") == ("", "Tags: <think> and </think>.")
    assert answer_of("<think>hidden</think>Shown.") == "Shown."


# --- a turn's events ------------------------------------------------------------------


class Clock:
    """A clock that moves one second each time it is read."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def body(*events: StreamEvent, fail: bool = False) -> Generator[StreamEvent, None, str]:
    yield from events
    if fail:
        raise GenerationError("the model process stopped")
    return "returned"


def drain(events: Generator[StreamEvent, None, str]) -> tuple[list[StreamEvent], str]:
    seen: list[StreamEvent] = []
    while True:
        try:
            seen.append(next(events))
        except StopIteration as stop:
            return seen, stop.value


def test_turn_events_carry_thinking_apart_and_time_it() -> None:
    tokens = [Token(t) for t in ("<thi", "nk>Hmm", ", four.</th", "ink>\n\nFour", ".")]
    seen, returned = drain(split_thinking(body(Notice("n"), *tokens), Clock()))
    assert returned == "returned"
    assert seen == [
        Notice("n"),
        ThinkingDelta("Hmm"),
        ThinkingDelta(", four."),
        ThinkingDone(1.0),
        Token("Four"),
        Token("."),
    ]


def test_an_empty_block_is_no_thinking_and_a_reply_without_one_passes_unchanged() -> None:
    seen, _ = drain(split_thinking(body(Token("<think>\n\n</think>\n\n"), Token("Hi"))))
    assert seen == [Token("Hi")]
    seen, _ = drain(split_thinking(body(Token("Hello"), Token(" there"))))
    assert seen == [Token("Hello"), Token(" there")]


def test_a_reply_that_ends_mid_thought_still_ends_its_thinking() -> None:
    seen, _ = drain(split_thinking(body(Token("<think>and then"), Token(" <")), Clock()))
    # "<" may begin </think>: it waits, and comes when the reply ends.
    assert seen == [
        ThinkingDelta("and then"),
        ThinkingDelta(" "),
        ThinkingDelta("<"),
        ThinkingDone(1.0),
    ]


def test_a_failure_keeps_what_was_thought_and_still_fails() -> None:
    events = split_thinking(body(Token("<think>half a tho"), Token("ught </thi"), fail=True))
    seen: list[StreamEvent] = []
    with pytest.raises(GenerationError):
        for event in events:
            seen.append(event)
    thought = "".join(e.text for e in seen if isinstance(e, ThinkingDelta))
    assert thought == "half a thought </thi"
    assert isinstance(seen[-1], ThinkingDone)


def test_a_new_author_starts_a_new_reply() -> None:
    # The local model began thinking, then failed; the cloud model answers from scratch.
    events = body(Token("<think>local thoughts"), AuthorChanged("Cloud", "cloud"), Token("Answer"))
    seen, _ = drain(split_thinking(events, Clock()))
    assert seen == [
        ThinkingDelta("local thoughts"),
        ThinkingDone(1.0),
        AuthorChanged("Cloud", "cloud"),
        Token("Answer"),
    ]


# --- templates ------------------------------------------------------------------------

#: The end of Qwen3's chat template (as every Qwen3 GGUF carries it): thinking is on
#: unless ``enable_thinking`` is false, which closes an empty block in the prompt.
QWEN3_LIKE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}"
    "{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}{%- endif %}"
)
#: DeepSeek-R1's way: the generation prompt opens the block itself.
R1_LIKE = (
    "{% for message in messages %}{{ '<' + message['role'] + '>' + message['content'] }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<assistant><think>\\n' }}{% endif %}"
)


def test_thinking_off_tells_the_template_and_closes_qwen3s_block() -> None:
    template = ChatTemplate(QWEN3_LIKE, "gguf")
    messages = [ChatMessage("user", "Hi")]
    on = template.render(messages)
    off = template.render(messages, thinking=False)
    assert on.endswith("<|im_start|>assistant\n")
    assert off == on + "<think>\n\n</think>\n\n"
    parts = template.render_parts(messages, thinking=False)
    assert parts[-1] == ("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n", False)
    assert not opens_thinking(parts)


def test_a_template_that_opens_the_block_is_told_apart() -> None:
    parts = ChatTemplate(R1_LIKE, "gguf").render_parts([ChatMessage("user", "Hi")])
    assert parts[-1] == ("<assistant><think>\n", False)
    assert opens_thinking(parts)
    assert not opens_thinking([("<|im_start|>assistant\n", False)])
    assert not opens_thinking([("<think>", True)])  # a message's own text opens nothing


def test_what_a_template_says_of_its_models_thinking() -> None:
    assert thinking_support(ChatTemplate(QWEN3_LIKE, "gguf")) is ThinkingSupport.SWITCH
    assert thinking_support(ChatTemplate(R1_LIKE, "gguf")) is ThinkingSupport.ALWAYS
    # Qwen3-2507-Instruct's way: old thinking is cut from the history, none is opened.
    history_only = "{% for m in messages %}{{ m['content'].split('</think>')[-1] }}{% endfor %}"
    assert thinking_support(ChatTemplate(history_only, "gguf")) is ThinkingSupport.NONE
    broken = ChatTemplate("{{ raise_exception('no') }}", "gguf")
    assert thinking_support(broken) is ThinkingSupport.NONE
