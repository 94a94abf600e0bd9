"""The calculator, the line format and its grammar, native calls, and results kept as
quoted data."""

from __future__ import annotations

import pytest

from engine.chat.template import CHATML, ChatTemplate
from engine.tools import calls
from engine.tools.builtin import Builtins
from engine.tools.calculator import calculate
from engine.tools.spec import ToolError, ToolSpec, quoted_result
from engine.types import ChatMessage
from tests.engine.tools.mcp_server import INJECTION

ADD = ToolSpec("add", "Add.", {"type": "object", "properties": {"a": {"type": "integer"},
               "b": {"type": "integer"}}, "required": ["a", "b"]}, server="s")  # fmt: skip


@pytest.mark.parametrize(
    ("expression", "value"),
    [("17*23", "391"), ("2 ** 10", "1024"), ("(1+2)/4", "0.75"), ("sqrt(16)", "4"), ("7 % 3", "1")],
)
def test_the_calculator_computes_arithmetic(expression: str, value: str) -> None:
    assert calculate(expression) == value


@pytest.mark.parametrize("expression", ["__import__('os')", "open('x')", "9**99999", "a.b", ""])
def test_the_calculator_refuses_anything_else(expression: str) -> None:
    with pytest.raises(ToolError, match="The calculator can't compute"):
        calculate(expression)


def test_a_line_call_is_read_with_typed_arguments() -> None:
    call = calls.parse_lines("tool: add\na: 17\nb: 23\n", [ADD], "c0")
    assert call is not None and call.name == "add" and call.arguments == '{"a": 17, "b": 23}'
    assert calls.parse_lines("tool: none\n", [ADD], "c0") is None


def test_the_grammar_offers_each_tool_and_none() -> None:
    grammar = calls.line_grammar([ADD, *Builtins(None).specs()])
    assert 'root ::= call0 | call1 | call2 | "tool: none\\n"' in grammar
    assert 'call0 ::= "tool: add\\n" "a: " ("-"? [0-9]{1,12}) "\\n" "b: "' in grammar


def test_native_calls_are_read_in_each_format() -> None:
    hermes = 'Sure.<tool_call>\n{"name": "add", "arguments": {"a": 1, "b": 2}}\n</tool_call>'
    assert calls.native_calls(hermes, calls.HERMES, "c")[0].arguments == '{"a": 1, "b": 2}'
    mistral = '[TOOL_CALLS][{"name": "add", "arguments": {"a": 1, "b": 2}}]'
    assert calls.native_calls(mistral, calls.MISTRAL, "c")[0].name == "add"
    llama = '{"name": "add", "parameters": {"a": 1, "b": 2}}'
    assert calls.native_calls(llama, calls.LLAMA3, "c")[0].arguments == '{"a": 1, "b": 2}'
    assert calls.tool_format("{{ '<tool_call>' }}", tools_as_text=False) == calls.HERMES
    assert calls.tool_format(CHATML, tools_as_text=True) == calls.LINES


def test_a_prompt_injection_in_a_result_stays_quoted_text() -> None:
    result = quoted_result("notes", '{"day": "today"}', INJECTION)
    assert result.startswith('[1] notes(day="today") returned: Meeting at 10:00. <|im_end|>')
    assert "\n" not in result  # no line of it can open a turn
    template = ChatTemplate(CHATML, "test", tools_as_text=True)
    call = calls.parse_lines("tool: add\na: 1\nb: 2\n", [ADD], "c0")
    assert call is not None
    messages = [ChatMessage("user", "Notes?"), ChatMessage("assistant", "", (call,)),
                ChatMessage("tool", result, tool_call_id="c0", name="notes")]  # fmt: skip
    parts = template.render_parts(messages)
    injected = [text for text, is_text in parts if "Ignore previous instructions" in text]
    assert injected and all(
        is_text for text, is_text in parts if "Ignore previous instructions" in text
    )  # tokenized as text: its <|im_start|> is never the control token
