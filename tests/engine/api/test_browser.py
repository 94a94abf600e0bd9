"""A web page in a real browser (Debian's Chromium, headless) can't read Hisho's API.

The page is served from another origin on this computer (127.0.0.1, another port) and
knows the token (the worst case: it leaked). It tries what a hostile page can: a fetch
with the token (needs a CORS preflight), a "simple" POST without one, a ``no-cors``
request. It posts what it could read back to its own server. The same page with its
origin listed in the settings can read a reply: the harness sees a readable one. A
rebinding domain (Chromium told that evil.test is 127.0.0.1) is refused by the Host check.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.engine.api.conftest import RunningApi

pytestmark = pytest.mark.timeout(240)

PAGE = """<!doctype html><meta charset="utf-8"><title>elsewhere</title><script>
const API = %(api)s, TOKEN = %(token)s;
async function attempt(name, request) {
  try {
    const response = await request();
    return [name, response.type + " " + response.status + " " + (await response.text())];
  } catch (error) {
    return [name, "blocked: " + error.name];
  }
}
(async () => {
  const chat = JSON.stringify({model: "hisho", max_tokens: 3,
                               messages: [{role: "user", content: "Say hi"}]});
  const results = Object.fromEntries(await Promise.all([
    attempt("with_token", () => fetch(API + "/models",
        {headers: {Authorization: "Bearer " + TOKEN}})),
    attempt("chat_with_token", () => fetch(API + "/chat/completions", {method: "POST",
        headers: {Authorization: "Bearer " + TOKEN, "Content-Type": "application/json"},
        body: chat})),
    attempt("simple_post", () => fetch(API + "/chat/completions", {method: "POST",
        headers: {"Content-Type": "text/plain"}, body: chat})),
    attempt("no_cors", () => fetch(API + "/models", {mode: "no-cors"})),
  ]));
  await fetch("/result", {method: "POST", body: JSON.stringify(results)});
})();
</script>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]  # fmt: skip


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")


class Page:
    """The hostile page's server on 127.0.0.1 (its own port: another origin)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.html = b""
        self.results: list[dict[str, str]] = []

    def point_at(self, api: RunningApi) -> None:
        self.html = (PAGE % {"api": json.dumps(api.url), "token": json.dumps(api.token)}).encode()


@contextmanager
def page_server() -> Iterator[Page]:
    page: Page

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page.html)))
            self.end_headers()
            self.wfile.write(page.html)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            page.results.append(json.loads(raw))
            self.send_response(204)
            self.end_headers()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    page = Page(f"http://127.0.0.1:{httpd.server_address[1]}")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield page
    finally:
        httpd.shutdown()
        httpd.server_close()


def run_chromium(args: list[str], profile: Path, until: Callable[[], bool] | None) -> str:
    """Chromium with a fresh profile; ended once ``until()`` (or when it exits itself)."""
    command = [_chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)  # fmt: skip
    try:
        if until is None:
            out, _ = process.communicate(timeout=120)
            return out
        deadline = 120.0
        while not until() and deadline > 0 and process.poll() is None:
            threading.Event().wait(0.1)
            deadline -= 0.1
        return ""
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def read_from_page(page: Page, profile: Path) -> dict[str, str]:
    run_chromium([page.url], profile, until=lambda: bool(page.results))
    assert page.results, "the page did not report back"
    return page.results[0]


def test_a_page_on_another_origin_cannot_read_a_reply(
    make_api: Callable[..., RunningApi], tmp_path: Path
) -> None:
    api = make_api()
    with page_server() as page:
        page.point_at(api)
        read = read_from_page(page, tmp_path / "profile")
    assert read["with_token"] == "blocked: TypeError"
    assert read["chat_with_token"] == "blocked: TypeError"
    assert read["simple_post"] == "blocked: TypeError"
    assert read["no_cors"] == "opaque 0 "  # a response the page can't look into
    served = api.entries(4)
    assert {e.outcome for e in served} == {"refused: origin_refused"}  # nothing was generated


def test_the_same_page_reads_replies_once_the_user_lists_its_origin(
    make_api: Callable[..., RunningApi], tmp_path: Path
) -> None:
    """The control: the harness does see a reply when a page may read it."""
    with page_server() as page:
        api = make_api(cors_origins=frozenset({page.url}))
        page.point_at(api)
        read = read_from_page(page, tmp_path / "profile")
    assert read["with_token"].startswith("cors 200 ") and '"hisho"' in read["with_token"]
    assert read["chat_with_token"].startswith("cors 200 ")
    assert read["simple_post"].startswith("cors 401 ")  # readable, but still no token


def test_a_rebinding_domain_is_refused_by_the_host_check(api: RunningApi, tmp_path: Path) -> None:
    """evil.test resolves to 127.0.0.1 (as a rebinding attack makes it), so to Chromium
    the API *is* evil.test's own origin: only the Host header tells them apart."""
    url = f"http://evil.test:{api.port}/v1/models"
    dom = run_chromium(["--host-resolver-rules=MAP evil.test 127.0.0.1", "--dump-dom", url],
                       tmp_path / "profile", until=None)  # fmt: skip
    assert "host_refused" in dom and '"hisho"' not in dom
    assert api.entries(1)[0].outcome == "refused: host_refused"
