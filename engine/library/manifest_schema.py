"""The manifest's schema: its tables and full-text indexes, as an ordered list of small
named migrations (``MIGRATIONS``; a database is brought up to date at open)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from engine.library.retrieval import cjk_bigrams


def _m1_tables(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE libraries(name TEXT PRIMARY KEY, created_at REAL NOT NULL)")
    db.execute(
        """CREATE TABLE folders(
               library TEXT NOT NULL REFERENCES libraries(name) ON DELETE CASCADE,
               path TEXT NOT NULL,
               PRIMARY KEY (library, path))"""
    )
    db.execute(
        """CREATE TABLE files(
               id INTEGER PRIMARY KEY,
               library TEXT NOT NULL REFERENCES libraries(name) ON DELETE CASCADE,
               path TEXT NOT NULL,
               status TEXT NOT NULL,
               error TEXT NOT NULL DEFAULT '',
               size INTEGER NOT NULL DEFAULT 0,
               mtime REAL NOT NULL DEFAULT 0,
               sha256 TEXT NOT NULL DEFAULT '',
               pages INTEGER NOT NULL DEFAULT 0,
               partial INTEGER NOT NULL DEFAULT 0,
               indexed_at REAL NOT NULL DEFAULT 0,
               queued_at REAL NOT NULL DEFAULT 0,
               UNIQUE (library, path))"""
    )
    db.execute("CREATE INDEX files_by_status ON files(status, queued_at)")
    db.execute(
        """CREATE TABLE chunks(
               id INTEGER PRIMARY KEY,
               chunk_id TEXT NOT NULL UNIQUE,
               file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
               seq INTEGER NOT NULL,
               page INTEGER,
               heading TEXT NOT NULL DEFAULT '',
               start INTEGER NOT NULL,
               end INTEGER NOT NULL,
               context TEXT NOT NULL DEFAULT '',
               text TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX chunks_by_file ON chunks(file_id, seq)")
    for name, tokenizer in (
        ("chunks_words", "porter unicode61 remove_diacritics 2"),
        ("chunks_grams", "trigram"),
    ):
        db.execute(
            f"""CREATE VIRTUAL TABLE {name} USING fts5(
                   text, context, content='chunks', content_rowid='id', tokenize='{tokenizer}')"""
        )
        db.execute(
            f"""CREATE TRIGGER {name}_ai AFTER INSERT ON chunks BEGIN
                   INSERT INTO {name}(rowid, text, context) VALUES (new.id, new.text, new.context);
               END"""
        )
        db.execute(
            f"""CREATE TRIGGER {name}_ad AFTER DELETE ON chunks BEGIN
                   INSERT INTO {name}({name}, rowid, text, context)
                   VALUES ('delete', old.id, old.text, old.context);
               END"""
        )
    db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def insert_bigrams(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Index the CJK character pairs of chunks (rowid, text, context) that have any."""
    pairs = ((rowid, cjk_bigrams(text), cjk_bigrams(context)) for rowid, text, context in rows)
    db.executemany(
        "INSERT INTO chunks_bigrams(rowid, text, context) VALUES (?, ?, ?)",
        (row for row in pairs if row[1] or row[2]),
    )


def _m2_bigrams(db: sqlite3.Connection) -> None:
    """A third full-text index, of CJK character pairs (see ``cjk_bigrams``). Its rows
    are written with the chunks (``replace_chunks``) and leave with them (trigger)."""
    db.execute(
        "CREATE VIRTUAL TABLE chunks_bigrams USING fts5(text, context, tokenize='unicode61')"
    )
    db.execute(
        """CREATE TRIGGER chunks_bigrams_ad AFTER DELETE ON chunks BEGIN
               DELETE FROM chunks_bigrams WHERE rowid = old.id;
           END"""
    )
    insert_bigrams(db, db.execute("SELECT id, text, context FROM chunks").fetchall())


def _m3_drop_trigrams(db: sqlite3.Connection) -> None:
    """Drop the trigram index: search no longer asks it (``engine.library.retrieval``),
    and it was the largest of the three on disk."""
    db.execute("DROP TRIGGER IF EXISTS chunks_grams_ai")
    db.execute("DROP TRIGGER IF EXISTS chunks_grams_ad")
    db.execute("DROP TABLE IF EXISTS chunks_grams")


def _m4_scanned(db: sqlite3.Connection) -> None:
    """Chunks read by OCR say so (the sources show "scanned page"), with where they lie
    on the page: ``regions`` is JSON, [[left, top, width, height], …] as fractions."""
    db.execute("ALTER TABLE chunks ADD COLUMN scanned INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE chunks ADD COLUMN regions TEXT NOT NULL DEFAULT ''")


MIGRATIONS = [_m1_tables, _m2_bigrams, _m3_drop_trigrams, _m4_scanned]
