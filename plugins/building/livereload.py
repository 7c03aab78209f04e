"""What the live preview tells open pages, through Server-Sent Events from the
same server: reload when pages were written, and the content problems to
show over the page until they are fixed.

Only the preview server adds its tiny script, to each HTML page as it is
sent: nothing of it is ever written into the built site.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVENTS = "/__live/events"
SCRIPT = "/__live/reload.js"
TAG = f'<script src="{SCRIPT}" defer></script>'.encode()

#: reloads on a new build; shows problems (as text, never as HTML) over the page
RELOAD_JS = """(() => {
  let pages = null;
  const show = (problems) => {
    let box = document.getElementById("live-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "live-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;"
        + "z-index:2147483647;margin:0;padding:1rem;background:#7a0010;color:#fff;"
        + "font:15px/1.5 monospace;white-space:pre-wrap;box-shadow:0 -4px 16px #0006";
      document.body.append(box);
    }
    const title = document.createElement("strong");
    title.textContent = "Nội dung có lỗi — sửa rồi lưu lại (trang vẫn là bản đúng trước đó):";
    box.replaceChildren(title, ...problems.map((text) => {
      const line = document.createElement("div");
      line.textContent = text;
      return line;
    }));
  };
  const source = new EventSource("/__live/events");
  source.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (pages !== null && state.pages !== pages) { location.reload(); return; }
    pages = state.pages;
    show(state.problems);
  });
})();
"""

_PROBLEM = re.compile(r"^(?P<path>\S[^:]*):(?P<line>\d+): (?!cảnh báo: )")


@dataclass
class Events:
    """The state open pages follow: a count of page writes, and problems by
    the file they are in (from a saved report, and from the last full build)."""

    pages: int = 0
    saved: dict[str, str] = field(default_factory=dict)  # file → its problem
    built: list[str] = field(default_factory=list)  # the last full build's errors
    changed: threading.Condition = field(default_factory=threading.Condition)

    def _notify(self) -> None:
        with self.changed:
            self.changed.notify_all()

    def written(self) -> None:
        """Pages were written: open pages reload."""
        self.pages += 1
        self._notify()

    def problem(self, path: str, message: str | None) -> None:
        """A saved report's problem (None: it is fixed), shown at once."""
        key = os.path.abspath(path)
        if message is None:
            self.saved.pop(key, None)
            self.built = [p for p in self.built if not _names(p, key)]
        else:
            self.saved[key] = message
        self._notify()

    def build_finished(self, lines: list[str]) -> None:
        """A full build ended: its errors (none if it succeeded) replace the old ones."""
        self.built = [line for line in lines if _PROBLEM.match(line)]
        self.saved = {}
        self._notify()

    def state(self) -> dict[str, Any]:
        problems = list(dict.fromkeys([*self.saved.values(), *self.built]))
        return {"pages": self.pages, "problems": problems}


def _names(problem: str, path: str) -> bool:
    match = _PROBLEM.match(problem)
    return bool(match) and os.path.abspath(match.group("path")) == path


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output (looked up per request, so swaps show at once), adds
    the reload script to HTML, and streams :class:`Events`."""

    events: Events

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        path = self.path.split("?")[0]
        if path == EVENTS:
            return self._stream()
        if path == SCRIPT:
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode())
        file = Path(self.translate_path(path))
        if path.endswith("/") or file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html":
            try:
                body = file.read_bytes()
                status = 200
            except OSError:
                body, status = "<!DOCTYPE html><html lang=vi><title>Chưa có trang</title><body>"\
                    "<p>Chưa có trang này (hoặc chưa dựng được).</p></body></html>".encode(), 404
            at = body.rfind(b"</body>")
            body = body[:at] + TAG + body[at:] if at >= 0 else body + TAG
            return self._send(status, "text/html; charset=utf-8", body)
        return super().do_GET()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        events, last = self.events, None
        try:
            while True:
                state = json.dumps(events.state(), ensure_ascii=False)
                if state != last:
                    self.wfile.write(f"event: state\ndata: {state}\n\n".encode())
                    last = state
                else:
                    self.wfile.write(b": ping\n\n")  # notices a closed page
                self.wfile.flush()
                with events.changed:
                    events.changed.wait(timeout=15)
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve(folder: Path, host: str, port: int, events: Events) -> http.server.ThreadingHTTPServer:
    """Serve ``folder`` on ``host:port`` in a background thread."""
    handler = type("LiveHandler", (Handler,), {"events": events})
    server = http.server.ThreadingHTTPServer(
        (host, port), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
