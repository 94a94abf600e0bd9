"""A safe calculator: arithmetic read with ``ast``, never ``eval``.

Numbers, + - * / // % **, parentheses, and a few functions of ``math``. Anything else
(names, attributes, calls of other functions, huge powers) is refused with a message.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from engine.i18n import QT_TRANSLATE_NOOP
from engine.tools.spec import ToolError

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}  # fmt: skip
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.UAdd: operator.pos, ast.USub: operator.neg,
}  # fmt: skip
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sqrt": math.sqrt, "abs": abs, "round": round, "log": math.log, "exp": math.exp,
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "floor": math.floor, "ceil": math.ceil,
}  # fmt: skip
_CONSTANTS = {"pi": math.pi, "e": math.e}
#: The largest exponent and the longest expression taken (so nothing runs for long).
MAX_EXPONENT = 1000
MAX_LENGTH = 500


def _refused(what: str) -> ToolError:
    return ToolError(
        QT_TRANSLATE_NOOP("Engine", "The calculator can't compute {what}.").format(what=what)
    )


def _value(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _value(node.left), _value(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise _refused(QT_TRANSLATE_NOOP("Engine", "a power that large"))
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_value(node.operand))
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
    ):
        return _FUNCTIONS[node.func.id](*(_value(a) for a in node.args))
    raise _refused(f"“{ast.unparse(node)}”")


def calculate(expression: str) -> str:
    """The value of ``expression`` as text.

    Raises:
        ToolError: it is not arithmetic the calculator takes, or has no value.
    """
    text = expression.strip().replace("×", "*").replace("÷", "/").replace("^", "**")
    if not text or len(text) > MAX_LENGTH:
        raise _refused(f"“{expression[:40]}”")
    try:
        tree = ast.parse(text, mode="eval")
        value = _value(tree.body)
    except SyntaxError as exc:
        raise _refused(f"“{expression}”") from exc
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise ToolError(
            QT_TRANSLATE_NOOP("Engine", "The calculator found no value: {error}").format(error=exc)
        ) from exc
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)
