"""Library data to and from JSON (the library worker's protocol and ``--json`` output)."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, TypeVar

from engine.library.types import (
    FileRecord,
    FileStatus,
    IngestProgress,
    JobState,
    LibraryInfo,
    Passage,
)

T = TypeVar("T")


def to_wire(value: Any) -> Any:
    """Dataclasses, enums, tuples and lists as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_wire(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    return value


def file_record(data: dict[str, Any]) -> FileRecord:
    return FileRecord(**{**data, "status": FileStatus(data["status"])})


def passage(data: dict[str, Any]) -> Passage:
    regions = tuple(tuple(map(float, region)) for region in data.get("regions", ()))
    return Passage(**{**data, "regions": regions})


def library_info(data: dict[str, Any]) -> LibraryInfo:
    return LibraryInfo(**{**data, "folders": tuple(data["folders"])})


def progress(data: dict[str, Any]) -> IngestProgress:
    file = data.get("file")
    return IngestProgress(
        **{
            **data,
            "state": JobState(data["state"]),
            "file": file_record(file) if file else None,
        }
    )
