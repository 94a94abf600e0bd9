"""A reply's tool calls (``engine.types.ToolBlock``) as the JSON the history keeps."""

from __future__ import annotations

import json

from engine.types import ToolBlock


def to_json(blocks: tuple[ToolBlock, ...] | list[ToolBlock]) -> str:
    return json.dumps(
        [[b.server, b.tool, b.arguments, b.result, b.outcome, b.size] for b in blocks],
        ensure_ascii=False,
    )


def from_json(value: str) -> tuple[ToolBlock, ...]:
    """The calls saved as ``value`` ("" or unreadable: none, never an error)."""
    if not value:
        return ()
    try:
        rows = json.loads(value)
        return tuple(
            ToolBlock(str(server), str(tool), str(arguments), str(result), str(outcome), int(n))
            for server, tool, arguments, result, outcome, n in rows
        )
    except (ValueError, TypeError):
        return ()
