"""How the user organizes the history: projects (folders of conversations with their own
defaults), pins, personas (a named system prompt, model and temperature) and the user's
own prompts of the "/" library. Deleting a project or a persona never deletes a
conversation: its conversations move out of the project, or answer as no persona."""

from __future__ import annotations

import json
import sqlite3
import time

from engine.library.types import Scope
from engine.library.wire import to_wire
from engine.storage.sqlite_store import SqliteStore
from engine.types import Persona, Project, PromptPreset


def scope_json(scope: Scope | None) -> str:
    return "" if scope is None else json.dumps(to_wire(scope), ensure_ascii=False)


def scope_from_json(text: str) -> Scope | None:
    if not text:
        return None
    data = json.loads(text)
    return Scope(data.get("library"), data.get("path"))


def _project(row: sqlite3.Row) -> Project:
    return Project(
        row["id"], row["name"], scope_from_json(row["scope"]), row["system_prompt"], row["model"]
    )


def _persona(row: sqlite3.Row) -> Persona:
    return Persona(row["id"], row["name"], row["system_prompt"], row["model"], row["temperature"])


def clean_name(name: str) -> str:
    return " ".join(name.split())


class OrganizedHistory(SqliteStore):
    """The part of the history that holds projects, pins, personas and prompts."""

    # --- projects ------------------------------------------------------------------

    def create_project(
        self, name: str, scope: Scope | None = None, system_prompt: str = "", model: str = ""
    ) -> Project:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO projects(name, scope, system_prompt, model, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (clean_name(name), scope_json(scope), system_prompt.strip(), model, time.time()),
            )
        return Project(int(cursor.lastrowid or 0), clean_name(name), scope, system_prompt, model)

    def projects(self) -> list[Project]:
        """Every project, by name."""
        rows = self._query("SELECT * FROM projects ORDER BY name COLLATE NOCASE, id")
        return [_project(row) for row in rows]

    def project(self, project_id: int) -> Project | None:
        rows = self._query("SELECT * FROM projects WHERE id=?", (project_id,))
        return _project(rows[0]) if rows else None

    def update_project(self, project: Project) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE projects SET name=?, scope=?, system_prompt=?, model=? WHERE id=?",
                (clean_name(project.name), scope_json(project.scope),
                 project.system_prompt.strip(), project.model, project.id),
            )  # fmt: skip

    def delete_project(self, project_id: int) -> None:
        """Delete the folder; its conversations stay, outside any project."""
        with self._transaction() as db:
            db.execute("UPDATE conversations SET project_id=0 WHERE project_id=?", (project_id,))
            db.execute("DELETE FROM projects WHERE id=?", (project_id,))

    def set_project(self, conversation_id: int, project_id: int) -> None:
        """Move a conversation into a project (0: out of any)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE conversations SET project_id=? WHERE id=?", (project_id, conversation_id)
            )

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        """Pin a conversation to the top of its list, or unpin it."""
        with self._transaction() as db:
            db.execute(
                "UPDATE conversations SET pinned=? WHERE id=?", (int(pinned), conversation_id)
            )

    # --- personas ------------------------------------------------------------------

    def create_persona(
        self, name: str, system_prompt: str, model: str = "", temperature: float | None = None
    ) -> Persona:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO personas(name, system_prompt, model, temperature) VALUES (?, ?, ?, ?)",
                (clean_name(name), system_prompt.strip(), model, temperature),
            )
        return Persona(
            int(cursor.lastrowid or 0), clean_name(name), system_prompt.strip(), model, temperature
        )

    def personas(self) -> list[Persona]:
        rows = self._query("SELECT * FROM personas ORDER BY name COLLATE NOCASE, id")
        return [_persona(row) for row in rows]

    def persona(self, persona_id: int) -> Persona | None:
        rows = self._query("SELECT * FROM personas WHERE id=?", (persona_id,))
        return _persona(rows[0]) if rows else None

    def update_persona(self, persona: Persona) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE personas SET name=?, system_prompt=?, model=?, temperature=? WHERE id=?",
                (clean_name(persona.name), persona.system_prompt.strip(), persona.model,
                 persona.temperature, persona.id),
            )  # fmt: skip

    def delete_persona(self, persona_id: int) -> None:
        """Delete a persona; its conversations answer as no persona from now on."""
        with self._transaction() as db:
            db.execute("UPDATE conversations SET persona_id=0 WHERE persona_id=?", (persona_id,))
            db.execute("DELETE FROM personas WHERE id=?", (persona_id,))

    def set_persona(self, conversation_id: int, persona_id: int) -> None:
        """Let a conversation answer as a persona (0: as none)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE conversations SET persona_id=? WHERE id=?", (persona_id, conversation_id)
            )

    # --- the user's prompts ----------------------------------------------------------

    def user_prompts(self) -> list[PromptPreset]:
        rows = self._query("SELECT name, text FROM prompts ORDER BY name")
        return [PromptPreset(row["name"], row["text"]) for row in rows]

    def save_prompt(self, name: str, text: str) -> None:
        """Keep a prompt as ``/name`` (one word; a prompt of that name is replaced)."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO prompts(name, text) VALUES (?, ?)"
                " ON CONFLICT(name) DO UPDATE SET text=excluded.text",
                (prompt_name(name), text),
            )

    def delete_prompt(self, name: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM prompts WHERE name=?", (prompt_name(name),))


def prompt_name(name: str) -> str:
    """The word typed after "/": no slash, no spaces, lower case."""
    return "-".join(name.strip().lstrip("/").split()).casefold()
