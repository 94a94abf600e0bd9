"""Conversation exports for tests, built in code in the shapes ChatGPT and Claude write.

Neither company documents its JSON. The shapes here follow what open-source readers of
real exports describe:

- ChatGPT (the zip "Export data" mails: ``conversations.json``, ``chat.html``,
  ``user.json``, ``message_feedback.json``): an array of conversations with ``title``,
  ``create_time``/``update_time`` (Unix seconds), ``mapping`` (node id → ``{"id",
  "message", "parent", "children"}``, the root's message null), ``current_node``,
  ``conversation_id``/``id`` and ``default_model_slug``; a message has ``author.role``,
  ``content`` (``content_type`` + ``parts``), ``create_time``, ``status``, ``recipient``
  and ``metadata.model_slug``. Source: mitkury/chatgpt-export-parser,
  docs/chatgpt-data-export-format.md, and the TypeScript types of other such readers.
- Claude (the zip Settings › Privacy › Export data mails: ``conversations.json``,
  ``users.json``, ``projects.json``): an array of conversations with ``uuid``, ``name``,
  ``created_at``/``updated_at`` (ISO 8601), ``account.uuid`` and ``chat_messages``
  (``uuid``, ``sender`` human/assistant, ``text``, ``content`` blocks, ``created_at``,
  ``attachments`` with ``extracted_content``, ``files``). Source: a JSON schema of
  claude.ai's conversations.json published with an open-source reader, and
  Sinity/polylogue, docs/providers/claude-ai.md.

Nothing here is a copy of anyone's export: every conversation is made up.
"""

from __future__ import annotations

import json
import random
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: Words for made-up conversations (varied, so a zip compresses like real chat text).
WORDS = tuple(
    " ".join(
        [
            "kyoto temple tea garden river bridge morning train ticket museum noodle market",
            "budget hotel walk map station castle lantern maple autumn festival bamboo forest",
            "python function error list value test file folder compile package version import",
            "recipe bread flour oven butter sugar minutes dough rest knead bake cool slice",
        ]
    ).split()
)


def _message(
    ident: str,
    role: str,
    text: str | None,
    when: float | None,
    *,
    model: str = "",
    content: dict[str, Any] | None = None,
    recipient: str = "all",
    hidden: bool = False,
) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if model:
        metadata.update(model_slug=model, finish_details={"type": "stop", "stop_tokens": [200002]})
    if hidden:
        metadata["is_visually_hidden_from_conversation"] = True
    return {
        "id": ident,
        "author": {"role": role, "name": None, "metadata": {}},
        "create_time": when,
        "update_time": None,
        "content": content or {"content_type": "text", "parts": [text or ""]},
        "status": "finished_successfully",
        "end_turn": role == "assistant" or None,
        "weight": 1.0,
        "metadata": metadata,
        "recipient": recipient,
    }


class ChatGPTTree:
    """A ChatGPT conversation's ``mapping``, grown node by node."""

    def __init__(self, ident: str, start: float) -> None:
        self.ident = ident
        self.start = start
        self.mapping: dict[str, dict[str, Any]] = {}
        self.count = 0
        self.root = self._node(None, None)
        # ChatGPT writes a hidden, empty system message under the root.
        self.system = self.add(self.root, "system", "", hidden=True)

    def _node(self, parent: str | None, message: dict[str, Any] | None) -> str:
        node_id = f"{self.ident}-n{len(self.mapping)}"
        if message is not None:
            message["id"] = node_id
        self.mapping[node_id] = {
            "id": node_id,
            "message": message,
            "parent": parent,
            "children": [],
        }
        if parent is not None:
            self.mapping[parent]["children"].append(node_id)
        return node_id

    def add(self, parent: str, role: str, text: str | None = None, **extra: Any) -> str:
        """A message under ``parent``; returns its node id."""
        self.count += 1
        when = None if role == "system" else self.start + 10 * self.count
        return self._node(parent, _message("", role, text, when, **extra))

    def conversation(self, title: str, current: str, model: str = "gpt-4o") -> dict[str, Any]:
        return {
            "title": title,
            "create_time": self.start,
            "update_time": self.start + 10 * self.count + 5,
            "mapping": self.mapping,
            "moderation_results": [],
            "current_node": current,
            "plugin_ids": None,
            "conversation_id": self.ident,
            "conversation_template_id": None,
            "gizmo_id": None,
            "is_archived": False,
            "safe_urls": [],
            "default_model_slug": model,
            "id": self.ident,
        }


def chatgpt_linear(ident: str, title: str, turns: Sequence[str], start: float) -> dict[str, Any]:
    """A ChatGPT conversation without branches: question, answer, question, …"""
    tree = ChatGPTTree(ident, start)
    node = tree.system
    for number, text in enumerate(turns):
        if number % 2 == 0:
            node = tree.add(node, "user", text)
        else:
            node = tree.add(node, "assistant", text, model="gpt-4o")
    return tree.conversation(title, node)


def chatgpt_branching(ident: str = "b0f1e2d3-branch") -> dict[str, Any]:
    """A ChatGPT conversation with an edited question and a regenerated answer, a
    browsing tool call and an image. ``current_node`` decides the branch: the edit made
    last ("a week") is not on it, the answer regenerated last is.

    Tree (``*``: on the branch ending at ``current_node``)::

        root* - system (hidden)* - "Plan a day"* - "First draft"
                                 |              - "Second draft"* - image question*
                                 |                  - search call* - tool* - answer*
                                 |                  - more answer* (current_node)
                                 - "Plan a week" - "A week"
    """
    tree = ChatGPTTree(ident, 1_700_000_000.0)
    question = tree.add(tree.system, "user", "Plan a day in Kyoto")
    edited = tree.add(tree.system, "user", "Plan a week in Kyoto")  # an edit, abandoned
    tree.add(edited, "assistant", "A week: …", model="gpt-4")
    tree.add(question, "assistant", "First draft: temples.", model="gpt-4")
    chosen = tree.add(question, "assistant", "Second draft: Fushimi Inari at dawn.", model="gpt-4o")
    image = {
        "content_type": "multimodal_text",
        "parts": [
            {"content_type": "image_asset_pointer", "asset_pointer": "file-service://file-x",
             "size_bytes": 1234, "width": 640, "height": 480},
            "Is this the Golden Pavilion?",
        ],
    }  # fmt: skip
    asked = tree.add(chosen, "user", content=image)
    call = tree.add(
        asked, "assistant", model="gpt-4o", recipient="browser",
        content={"content_type": "code", "language": "unknown", "text": 'search("Kinkaku-ji")'},
    )  # fmt: skip
    result = tree.add(
        call, "tool",
        content={"content_type": "tether_browsing_display", "result": "Kinkaku-ji …"},
    )  # fmt: skip
    before = tree.add(result, "assistant", "Yes, that is Kinkaku-ji.", model="gpt-4o")
    after = tree.add(before, "assistant", "It is covered in gold leaf.", model="gpt-4o")
    return tree.conversation("Kyoto trip", after)


def claude_conversation(
    uuid: str, name: str, turns: Sequence[str], start: float, **extra: Any
) -> dict[str, Any]:
    """A Claude conversation: human, assistant, human, …"""
    messages = []
    for number, text in enumerate(turns):
        stamp = _iso(start + 10 * (number + 1))
        messages.append(
            {
                "uuid": f"{uuid}-m{number}",
                "text": text,
                "content": [
                    {"start_timestamp": stamp, "stop_timestamp": stamp, "type": "text",
                     "text": text, "citations": []}
                ],
                "sender": "human" if number % 2 == 0 else "assistant",
                "created_at": stamp,
                "updated_at": stamp,
                "attachments": [],
                "files": [],
            }
        )  # fmt: skip
    return {
        "uuid": uuid,
        "name": name,
        "summary": "",
        "created_at": _iso(start),
        "updated_at": _iso(start + 10 * (len(turns) + 1)),
        "account": {"uuid": "acc-0000"},
        "chat_messages": messages,
        **extra,
    }


def _iso(seconds: float) -> str:
    """Claude's way of writing a time: ``2024-05-01T12:34:56.789012Z``."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def many_chatgpt(count: int, seed: int = 25) -> list[dict[str, Any]]:
    """``count`` made-up linear ChatGPT conversations of 2 to 8 messages."""
    rng = random.Random(seed)
    conversations = []
    for number in range(count):
        turns = [
            " ".join(rng.choices(WORDS, k=rng.randint(8, 60))) for _ in range(rng.randint(1, 4) * 2)
        ]
        ident = f"{rng.getrandbits(64):016x}-{number:05d}"
        start = 1_650_000_000.0 + number * 3_600 + rng.random()
        conversations.append(chatgpt_linear(ident, f"Chat {number}: {turns[0][:30]}", turns, start))
    return conversations


def chatgpt_zip(path: Path, conversations: Sequence[Any] | bytes) -> Path:
    """The zip ChatGPT's export mails, around ``conversations`` (or raw bytes for
    conversations.json)."""
    body = conversations if isinstance(conversations, bytes) else json.dumps(conversations).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("conversations.json", body)
        archive.writestr("chat.html", "<html><body>Your chats</body></html>")
        archive.writestr("user.json", json.dumps({"id": "user-x", "email": "a@example.com"}))
        archive.writestr("message_feedback.json", "[]")
    return path


def claude_zip(path: Path, conversations: Sequence[Any]) -> Path:
    """The zip Claude's export mails."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("conversations.json", json.dumps(conversations))
        archive.writestr("users.json", json.dumps([{"uuid": "acc-0000", "full_name": "A"}]))
        archive.writestr("projects.json", "[]")
    return path
