"""README command 1: `invoke serve` builds content/ and serves it on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, SEED_URL

INVOKE = [sys.executable, "-m", "invoke"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_invoke_build_writes_the_site(tmp_path: Path) -> None:
    subprocess.run([*INVOKE, "build", "--output", str(tmp_path / "out")], cwd=ROOT,
                   check=True, capture_output=True)
    assert (tmp_path / "out" / SEED_URL / "index.html").is_file()


def test_invoke_serve_serves_the_reference_report(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [*INVOKE, "serve", "--port", str(port), "--output", str(tmp_path / "out")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline, html = time.monotonic() + 60, None
        while time.monotonic() < deadline and html is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    html = reply.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert html is not None, "server did not answer within 60 s"
        links = [a["href"] for a in BeautifulSoup(html, "html.parser").select("main h2 a")]
        assert "/" + SEED_URL in links
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{SEED_URL}", timeout=5) as reply:
            assert "Nguyễn Tư Khánh" in reply.read().decode("utf-8")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def test_sigterm_stops_the_build_but_not_as_ctrl_c_in_its_workers() -> None:
    """Worker pools end their workers with SIGTERM: a worker must die of it,
    not raise KeyboardInterrupt like the build (which could hang the pool)."""
    import multiprocessing
    import signal

    import sitebuild

    previous = signal.getsignal(signal.SIGTERM)
    try:
        sitebuild.on_sigterm_stop()
        assert signal.getsignal(signal.SIGTERM) is sitebuild.stop
        with multiprocessing.get_context("fork").Pool(2) as pool:
            handlers = pool.map(signal.getsignal, [signal.SIGTERM] * 4)
        assert handlers == [signal.SIG_DFL] * 4
    finally:
        signal.signal(signal.SIGTERM, previous)
