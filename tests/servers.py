"""Real servers for publish tests, started on 127.0.0.1 and stopped after.

* an OpenSSH server (Debian's sshd) with throwaway host and user keys;
* a TCP relay that cuts a connection after N bytes (a network failure);
* moto's standalone S3-compatible server.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from deploy.s3 import PAGEFIND_GZIPPED

SSHD = "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@dataclass
class SSHServer:
    port: int
    user: str
    options: list[str]  # ssh client options for this server (key, known hosts)
    folder: Path


@contextmanager
def sshd(folder: Path) -> Iterator[SSHServer]:
    """Run sshd on a free loopback port, accepting one throwaway user key."""
    folder.mkdir(parents=True, exist_ok=True)
    host_key, user_key = folder / "host_ed25519", folder / "user_ed25519"
    for key in (host_key, user_key):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)],
                       check=True)
    (folder / "authorized_keys").write_text(Path(f"{user_key}.pub").read_text())
    os.chmod(folder / "authorized_keys", 0o600)
    port = free_port()
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {host_key}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "UsePAM no",
        "StrictModes no", "PermitRootLogin prohibit-password", f"PidFile {folder / 'sshd.pid'}",
        "Subsystem sftp internal-sftp", "LogLevel ERROR", ""]))
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port)
        user = os.environ.get("USER") or subprocess.run(
            ["id", "-un"], capture_output=True, text=True).stdout.strip()
        options = ["-i", str(user_key), "-o", "IdentitiesOnly=yes",
                   "-o", f"UserKnownHostsFile={folder / 'known_hosts'}",
                   "-o", "StrictHostKeyChecking=accept-new", "-o", "LogLevel=ERROR"]
        yield SSHServer(port, user, options, folder)
    finally:
        process.terminate()
        process.wait(timeout=10)


RELAY = r"""
import socket, sys, threading
port, limit = int(sys.argv[1]), int(sys.argv[2])
conn = socket.create_connection(("127.0.0.1", port))
sent = 0
def down():
    while True:
        data = conn.recv(65536)
        if not data:
            break
        sys.stdout.buffer.write(data); sys.stdout.buffer.flush()
threading.Thread(target=down, daemon=True).start()
while True:
    data = sys.stdin.buffer.read1(65536)
    if not data:
        break
    sent += len(data)
    if sent > limit:
        break  # the network fails: connection cut mid-transfer
    conn.sendall(data)
conn.close()
"""


def cutting_proxy(folder: Path, port: int, limit: int) -> list[str]:
    """ssh options that route through a relay cutting the link after ``limit`` bytes."""
    relay = folder / "relay.py"
    relay.write_text(RELAY)
    return ["-o", f"ProxyCommand={sys.executable} {relay} {port} {limit}"]


@contextmanager
def moto_s3(free_actions: int | None = None) -> Iterator[str]:
    """moto's S3-compatible server on a free loopback port; yields its URL.
    With ``free_actions``, requests after that many must be signed by a key
    its IAM knows, and allowed by its policies (as on AWS)."""
    port = free_port()
    env = dict(os.environ)
    if free_actions is not None:
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = str(free_actions)
    with _running([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                  port, env=env):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def _running(command: list[str], port: int, **options: object) -> Iterator[None]:
    """Run a server until the block ends, once it listens on ``port``."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               **options)
    try:
        wait_for_port(port)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


STALL = r"""
import fcntl, os, select, socket, sys
port, counter, stall_at, after = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(counter, "a+") as handle:  # this is connection number n
    fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    n = int(handle.read() or 0) + 1
    handle.seek(0); handle.truncate(); handle.write(str(n))
stall = n == stall_at
conn = socket.create_connection(("127.0.0.1", port))
stdin, stdout, sent, stalled = sys.stdin.buffer.raw, sys.stdout.buffer, 0, False
def stop_here():
    open(counter + ".stalled", "w").close()
    while os.read(stdin.fileno(), 65536):  # hold the line until ssh goes away
        pass
    sys.exit(0)
if stall and not after:
    stop_here()
while True:
    ready, _, _ = select.select([stdin, conn], [], [])
    if conn in ready:
        data = conn.recv(65536)
        if not data:
            break
        stdout.write(data); stdout.flush()
    if stdin in ready:
        data = os.read(stdin.fileno(), 65536)
        if not data:
            break
        sent += len(data)
        conn.sendall(data)
        if stall and sent >= after:
            stop_here()
"""


def stalling_proxy(folder: Path, port: int, stall_at: int, after: int = 0) -> tuple[list[str], Path]:
    """ssh options through a relay that stalls the ``stall_at``-th connection
    (from the start, or after ``after`` bytes sent): the process is caught at
    a known step. The second value is the file that appears when it stalls."""
    relay, counter = folder / "stall.py", folder / "connections"
    relay.write_text(STALL)
    counter.unlink(missing_ok=True)
    return (["-o", f"ProxyCommand={sys.executable} {relay} {port} {counter} {stall_at} {after}"],
            Path(f"{counter}.stalled"))


NGINX = "/usr/sbin/nginx"
GZIP = ("gzip on; gzip_types text/css application/javascript text/javascript"
        " application/json image/svg+xml;")
#: Pagefind's files are gzip data: sent as such, the browser inflates them
#: (the files the S3 target labels so; the README gives the same location)
PAGEFIND_GZIP = (f"location ~ {PAGEFIND_GZIPPED.pattern}"
                 " { default_type application/octet-stream; add_header Content-Encoding gzip; }")


def self_signed(folder: Path) -> tuple[Path, Path, str]:
    """A certificate for 127.0.0.1 (made by openssl): its file, its key, and
    the base64 SHA-256 of its public key, for Chromium's
    ``--ignore-certificate-errors-spki-list`` (which then trusts it as valid)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    public = subprocess.run(["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"],
                            check=True, capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=public,
                         check=True, capture_output=True).stdout
    return cert, key, base64.b64encode(hashlib.sha256(der).digest()).decode()


@contextmanager
def nginx(root: Path, folder: Path, gzip: bool = False,
          tls: tuple[Path, Path] | None = None) -> Iterator[str]:
    """Debian's nginx serving ``root`` on a free loopback port, its workers as
    ``nobody`` when the tests run as root (another user than the files' owner);
    with ``gzip``, text (HTML, CSS, JavaScript, JSON) is compressed and
    Pagefind's gzip files are sent as gzip, as the README's web server
    settings recommend. With ``tls`` (certificate and key), HTTPS and HTTP/2,
    as a public site is served."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    config = folder / "nginx.conf"
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    config.write_text(f"""{user}
worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    {GZIP if gzip else ""}
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    server {{
        listen 127.0.0.1:{port}{" ssl http2" if tls else ""};
        {f"ssl_certificate {tls[0]}; ssl_certificate_key {tls[1]};" if tls else ""}
        root {root};
        index index.html;
        {PAGEFIND_GZIP if gzip else ""}
    }}
}}
""")
    with _running([NGINX, "-c", str(config), "-p", str(folder), "-g", "daemon off;"], port):
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
