"""Chat templates: the model's own template is used; a broken or hostile one is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.chat.template import CHATML, ChatTemplate, TemplateError, choose_template
from engine.types import ChatMessage

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
