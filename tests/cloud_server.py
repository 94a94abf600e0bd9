"""A real OpenAI-compatible server on 127.0.0.1 for the cloud tests (test-only).

llama-cpp-python's own ``llama_cpp.server`` serves the bundled model, with an API key.
Around it, a small ASGI layer:

- records every request (method, path, headers, the exact JSON body) as a line of
  ``--log``, so a test can compare what the consent dialog showed with what arrived;
- plays faults the test asks for in ``--control`` (a JSON file: ``{"faults": [...]}``,
  one fault used per request): ``500`` or ``429`` answer with that status; ``"cut"``
  lets the answer start, then drops the connection in the middle of the stream.

Usage: ``python tests/cloud_server.py --model PATH --port N --api-key KEY --log FILE
--control FILE``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

#: Chunks of a streamed answer sent before a "cut" fault drops the connection.
CUT_AFTER_CHUNKS = 4


class Recorder:
    """ASGI middleware: record each request, then play the next fault if any."""

    def __init__(self, app: Any, log: Path, control: Path) -> None:
        self.app = app
        self.log = log
        self.control = control

    def _next_fault(self) -> Any:
        try:
            data = json.loads(self.control.read_text())
        except (OSError, ValueError):
            return None
        faults = data.get("faults") or []
        if not faults:
            return None
        fault = faults.pop(0)
        self.control.write_text(json.dumps({"faults": faults}))
        return fault

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        entry = {
            "method": scope["method"],
            "path": scope["path"],
            "headers": headers,
            "body": body.decode("utf-8", "replace"),
        }
        with self.log.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fault = self._next_fault() if scope["path"].endswith("/chat/completions") else None
        if isinstance(fault, int):
            payload = json.dumps({"error": {"message": f"test fault {fault}"}}).encode()
            await send({"type": "http.response.start", "status": fault,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"retry-after", b"0")]})  # fmt: skip
            await send({"type": "http.response.body", "body": payload})
            return
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        chunks = 0

        async def cutting_send(message: dict[str, Any]) -> None:
            nonlocal chunks
            if message["type"] == "http.response.body" and message.get("body"):
                chunks += 1
                if chunks > CUT_AFTER_CHUNKS:
                    raise ConnectionAbortedError("test fault: the stream is cut")
            await send(message)

        await self.app(scope, replay, cutting_send if fault == "cut" else send)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--control", type=Path, required=True)
    args = parser.parse_args()

    import uvicorn
    from llama_cpp.server.app import create_app
    from llama_cpp.server.settings import ModelSettings, ServerSettings

    server = ServerSettings(host="127.0.0.1", port=args.port, api_key=args.api_key)
    model = ModelSettings(
        model=args.model, model_alias="test-model", n_ctx=2048, n_threads=1, verbose=False
    )
    app = create_app(server_settings=server, model_settings=[model])
    uvicorn.run(
        Recorder(app, args.log, args.control),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
