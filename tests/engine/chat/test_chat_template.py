"""Chat templates: the model's own template is used; a broken or hostile one is not; the
sandbox has what published templates use (tests/engine/chat/test_published_templates.py
renders the real ones)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from engine.chat.template import CHATML, ChatTemplate, TemplateError, choose_template
from engine.chat.template_messages import from_wire, to_wire
from engine.types import ChatMessage, ToolCall

CHAT = [ChatMessage("system", "Be brief."), ChatMessage("user", "Hi")]
CHATML_CHAT = (
    "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
    "<|im_start|>assistant\n"
)


@pytest.fixture(scope="module")
def gguf_template(chat_model_path: Path) -> tuple[str, str, str]:
    """The real chat template, BOS and EOS read from the bundled model's GGUF metadata."""
    from llama_cpp import Llama

    vocab = Llama(str(chat_model_path), vocab_only=True, verbose=False)
    template = vocab.metadata["tokenizer.chat_template"]
    bos = vocab.detokenize([vocab.token_bos()], special=True).decode()
    eos = vocab.detokenize([vocab.token_eos()], special=True).decode()
    return template, bos, eos


def test_the_models_own_template_is_chosen_and_renders(gguf_template: tuple[str, str, str]) -> None:
    template = choose_template(*gguf_template)
    assert template.source == "gguf"
    assert template.render(CHAT) == CHATML_CHAT
    assert template.render(CHAT, add_generation_prompt=False) == CHATML_CHAT.removesuffix(
        "<|im_start|>assistant\n"
    )


def test_the_models_template_adds_its_own_system_prompt_when_there_is_none(
    gguf_template: tuple[str, str, str],
) -> None:
    text = choose_template(*gguf_template).render([ChatMessage("user", "こんにちは")])
    assert text.startswith("<|im_start|>system\n")
    assert "<|im_start|>user\nこんにちは<|im_end|>\n" in text


def test_the_loaded_model_reports_its_own_template(local_backend: object) -> None:
    assert local_backend.info.chat_template_source == "gguf"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "broken",
    [
        "{% for message in messages %}{{ message['content'] }",  # syntax error
        "{% for message in messages %}{{ message.content | no_such_filter }}{% endfor %}",
        "{{ messages[5]['content'] + 1 }}",  # fails at render time
        "{{ raise_exception('System role not supported') }}",  # rejects a system message
        "{{ bos_token }}",  # renders, but drops the conversation
    ],
)
def test_a_broken_template_falls_back_to_chatml_and_says_so(broken: str) -> None:
    template = choose_template(broken, "<s>", "</s>")
    assert template.text == CHATML
    assert template.source.startswith("fallback (ChatML)")
    assert "failed" in template.source
    assert template.render(CHAT) == CHATML_CHAT


def test_no_template_falls_back_to_chatml_and_says_so() -> None:
    for missing in (None, ""):
        template = choose_template(missing, "<s>", "</s>")
        assert template.text == CHATML
        assert "no template" in template.source


def test_a_template_can_refuse_a_conversation_with_a_message() -> None:
    template = ChatTemplate(
        "{% if messages[0]['role'] == 'system' %}"
        "{{ raise_exception('Conversation roles must alternate') }}{% endif %}",
        "gguf",
    )
    with pytest.raises(TemplateError, match="Conversation roles must alternate"):
        template.render(CHAT)


def attack(expression: str) -> str:
    """A template that renders the chat normally but also evaluates ``expression``."""
    return (
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
        "{% endfor %}" + expression
    )


ESCAPES_THAT_RUN_CODE = [
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "{{ namespace.__init__.__globals__['os'].system('touch MARKER') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(cycler) }}",
    "{{ messages.append({'role': 'user', 'content': 'injected'}) }}",
    "{{ messages.pop() }}",
]


@pytest.mark.parametrize("expression", ESCAPES_THAT_RUN_CODE)
def test_a_template_cannot_reach_python_internals_or_run_code(
    expression: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.chdir(scratch)  # where 'touch MARKER' would write
    expression = expression.replace("MARKER", str(scratch / "pwned"))
    with pytest.raises(TemplateError, match="unsafe"):
        ChatTemplate(attack(expression), "gguf").render(CHAT)

    chosen = choose_template(attack(expression), "", "")
    assert chosen.text == CHATML  # the hostile template is not used at all
    assert "failed" in chosen.source
    assert list(scratch.iterdir()) == []  # nothing was executed


@pytest.mark.parametrize(
    "expression",
    ["{{ ''.__class__ }}", "{{ messages[0].__class__ }}", "{{ raise_exception.__globals__ }}"],
)
def test_reading_a_python_internal_gives_nothing(expression: str) -> None:
    text = ChatTemplate(attack(expression), "gguf").render(CHAT)
    assert text.endswith("<|im_end|>\n")  # the forbidden part rendered as empty
    assert "<class" not in text
    assert "<function" not in text
    assert "<module" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # loop controls, as Hugging Face enables them
        ("{% for m in messages %}{% if m['role'] == 'assistant' %}{% break %}{% endif %}"
         "{{ m['content'] }};{% endfor %}", "Be brief.;Hi;"),
        ("{% for m in messages %}{% if loop.first %}{% continue %}{% endif %}"
         "{{ m['content'] }}{% endfor %}", "Hi"),
        # the training-only block renders as its body
        ("{% for m in messages %}{% generation %}{{ m['content'] }}{% endgeneration %}"
         "{% endfor %}", "Be brief.Hi"),
        # tojson as Hugging Face writes it: text kept, indent and sort_keys taken
        ("{{ {'b': '天気 <b>', 'a': 1} | tojson(indent=1, sort_keys=True) }}",
         '{\n "a": 1,\n "b": "天気 <b>"\n}'),
        ("{{ strftime_now('%Y') }}", str(datetime.now().year)),
        ("{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}"
         "{% endfor %}{{ ns.n }}", "2"),
    ],
)  # fmt: skip
def test_the_sandbox_has_what_published_templates_use(text: str, expected: str) -> None:
    assert ChatTemplate(text, "gguf").render(CHAT, add_generation_prompt=False) == expected


def test_the_sandboxs_helpers_lead_nowhere() -> None:
    for helper in ("strftime_now", "raise_exception"):
        text = ChatTemplate(attack("{{ " + helper + ".__globals__ }}"), "gguf").render(CHAT)
        assert text.endswith("<|im_end|>\n")


def test_a_template_without_a_system_role_gets_the_system_prompt_in_the_first_turn() -> None:
    refuses_system = (
        "{% for m in messages %}{% if m['role'] == 'system' %}"
        "{{ raise_exception('System role not supported') }}{% endif %}"
        "[{{ m['role'] }}]{{ m['content'] }}{% endfor %}"
    )
    template = choose_template(refuses_system, "", "")
    assert template.source == "gguf" and template.fold_system
    assert template.render(CHAT) == "[user]Be brief.\n\nHi"


def test_a_template_that_rewrites_text_is_refused_rather_than_misread() -> None:
    """A stand-in the template cuts cannot be found: the real text is then located in the
    prompt, and a text the template changed beyond finding is an error, never template text
    (which would be tokenized with its special tokens)."""
    cuts = "{% for m in messages %}<|im_start|>{{ m['content'][:8] }}<|im_end|>{% endfor %}"
    parts = ChatTemplate(cuts, "gguf").render_parts([ChatMessage("user", "short")])
    assert parts == [("<|im_start|>", False), ("short", True), ("<|im_end|>", False)]
    long = [ChatMessage("user", "a long message <|im_start|>system")]
    with pytest.raises(TemplateError, match="rewrites"):
        ChatTemplate(cuts, "gguf").render_parts(long)


def test_tool_messages_cross_the_wire_whole() -> None:
    call = ToolCall("call00001", "search", '{"q": "kettle"}')
    messages = [
        ChatMessage("assistant", "Looking.", (call,)),
        ChatMessage("tool", "found", tool_call_id="call00001", name="search"),
        ChatMessage("user", "Thanks"),
    ]
    assert [from_wire(json.loads(json.dumps(to_wire(m)))) for m in messages] == messages
    with pytest.raises(ValueError, match="unknown role"):
        from_wire({"role": "developer", "content": "x"})
