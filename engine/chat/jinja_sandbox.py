"""The sandboxed Jinja environment chat templates render in.

A chat template is foreign code: it comes inside the model file. It renders in Jinja's
``ImmutableSandboxedEnvironment``, which keeps it from Python internals, files and the
network and from changing the values it is given. Inside that sandbox it gets what Hugging
Face's ``apply_chat_template`` gives a template (the environment the published templates
are written and tested for): ``raise_exception``, ``strftime_now``, a ``tojson`` that keeps
non-ASCII text as it is and takes ``indent``, ``separators`` and ``sort_keys``, the
``loopcontrols`` extension (``{% break %}``, ``{% continue %}``) and the training-only
``{% generation %}`` block, rendered as its body.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import Any, NoReturn


class TemplateError(Exception):
    """The template could not be rendered."""


def _raise(message: str) -> NoReturn:
    raise TemplateError(message)


def _strftime_now(format_: str) -> str:
    """Today's date or time, as Llama 3.x templates print it ("%d %b %Y")."""
    return datetime.now().strftime(str(format_))


def _tojson(
    value: Any,
    ensure_ascii: bool = False,
    indent: int | None = None,
    separators: tuple[str, str] | None = None,
    sort_keys: bool = False,
) -> str:
    """JSON as Hugging Face's template filter writes it: ``json.dumps``, text kept as it is
    (Jinja's own ``tojson`` escapes ``<``, ``>``, ``&``, ``'`` and every non-ASCII character)."""
    return json.dumps(
        value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


def _generation_block() -> Any:
    """``{% generation %}…{% endgeneration %}`` marks the assistant's text for training;
    a prompt is its body."""
    from jinja2.ext import Extension

    class GenerationBlock(Extension):
        tags = {"generation"}  # noqa: RUF012 (Jinja reads it off the class)

        def parse(self, parser: Any) -> Any:
            next(parser.stream)
            return parser.parse_statements(("name:endgeneration",), drop_needle=True)

    return GenerationBlock


@lru_cache(maxsize=1)
def environment() -> Any:
    """The one sandboxed environment (built on first use: Jinja is imported lazily)."""
    from jinja2.ext import loopcontrols
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols, _generation_block()]
    )
    env.globals["raise_exception"] = _raise
    env.globals["strftime_now"] = _strftime_now
    env.filters["tojson"] = _tojson
    return env


@lru_cache(maxsize=8)
def compiled(text: str) -> Any:
    """The compiled template (a model's template is rendered many times a turn).

    Raises:
        jinja2.TemplateSyntaxError: the text is not a template.
    """
    return environment().from_string(text)
