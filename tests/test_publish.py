"""Publishing to real servers on 127.0.0.1: SSH/rsync releases, a git branch,
an S3-compatible bucket (moto). Checked, atomic, reversible."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from conftest import SAMPLE, ROOT, write_report
from deploy import pipeline
from deploy.errors import PublishError
from deploy.files import walk
from deploy.gitbranch import GitPublisher, GitTarget
from deploy.s3 import S3Publisher, S3Target, cache_control, content_type
from deploy.ssh import SSHPublisher, SSHTarget
from records.validate import ContentProblems
from servers import cutting_proxy, moto_s3, sshd
from building.sitebuild import load_settings


SITEURL = "https://thanhpho.example.vn"  # production builds need the public address


def _tree(folder: Path) -> dict[str, bytes]:
    return {key: path.read_bytes() for key, path in walk(folder)}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Two production builds of the sample site: A, and B with one more report."""
    out = {}
    content = tmp_path_factory.mktemp("content-b")
    shutil.copytree(SAMPLE, content, dirs_exist_ok=True)
    write_report(content, "2025/01/them.md", "Title: Bài mới cho bản B\nDate: 2025-01-02 08:00\n"
                 "Chair: Nguyễn Tư Khánh – Bí thư Thành ủy\n\nNội dung mới.\n")
    for name, folder in (("A", SAMPLE), ("B", content)):
        settings = load_settings(ROOT / "publishconf.py", folder,
                                 tmp_path_factory.mktemp(f"build-{name}") / "output",
                                 SITEURL=SITEURL)
        out[name] = pipeline.prepare(settings, io.StringIO())
    assert _tree(out["A"]) != _tree(out["B"])
    return out


# -- SSH / rsync --------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with sshd(tmp_path_factory.mktemp("sshd")) as running:
        yield running


def _ssh(server, path: Path, **extra) -> SSHPublisher:
    target = SSHTarget(host="127.0.0.1", user=server.user, port=server.port, path=str(path),
                       ssh_options=server.options, **extra)
    return SSHPublisher(target, io.StringIO())


def _serve_current(path: Path):
    from browser import serve

    return serve(path / "current")


def test_ssh_publish_swap_rollback(server, builds, tmp_path) -> None:
    live = tmp_path / "srv" / "portal"
    publisher = _ssh(server, live)
    first = publisher.publish(builds["A"])
    assert os.readlink(live / "current") == f"releases/{first}"
    assert _tree(live / "current") == _tree(builds["A"])  # byte for byte

    # a reader keeps fetching while B is published: never a missing or mixed page
    a, b = _tree(builds["A"]), _tree(builds["B"])
    pages = [k for k in a if k.endswith(".html") and k in b][:40]
    seen, errors, stop = set(), [], threading.Event()
    with _serve_current(live) as url:
        def read() -> None:
            while not stop.is_set():
                for key in pages:
                    try:
                        body = urllib.request.urlopen(f"{url}/{key}", timeout=5).read()
                    except OSError as error:
                        errors.append(f"{key}: {error}")
                        continue
                    if body == a[key]:
                        seen.add("A")
                    elif body == b[key]:
                        seen.add("B")
                    else:
                        errors.append(f"{key}: neither A nor B")
        reader = threading.Thread(target=read)
        reader.start()
        try:
            second = publisher.publish(builds["B"])
        finally:
            stop.set()
            reader.join()
    assert errors == [] and "A" in seen
    assert _tree(live / "current") == b
    # unchanged files were hard-linked from release A, not sent again
    same = [k for k in a if k in b and a[k] == b[k]]
    assert same and all((live / "releases" / first / k).stat().st_ino ==
                        (live / "releases" / second / k).stat().st_ino for k in same)

    assert publisher.rollback() == first
    assert _tree(live / "current") == a
    with pytest.raises(PublishError, match="không có bản phát hành nào trước đó"):
        publisher.rollback()


def test_ssh_failure_midway_leaves_the_live_site(server, builds, tmp_path) -> None:
    live = tmp_path / "srv" / "portal"
    _ssh(server, live).publish(builds["A"])
    before = os.readlink(live / "current")
    cut = SSHTarget(host="127.0.0.1", user=server.user, port=server.port, path=str(live),
                    ssh_options=server.options + cutting_proxy(tmp_path, server.port, 400_000))
    failing = SSHPublisher(cut, io.StringIO())
    with pytest.raises(PublishError, match="trang đang chạy không thay đổi"):
        failing.publish(builds["B"])
    assert os.readlink(live / "current") == before
    assert _tree(live / "current") == _tree(builds["A"])
    names = sorted(p.name for p in (live / "releases").iterdir())
    assert [n for n in names if not n.startswith(".incoming-")] == [before.split("/")[1]]
    # the half upload is never a release; the next publish removes it
    second = _ssh(server, live).publish(builds["B"])
    assert sorted(p.name for p in (live / "releases").iterdir()) == sorted([
        before.split("/")[1], second])


def test_ssh_dry_run_changes_nothing_and_keep_prunes_inside_releases(server, builds,
                                                                     tmp_path) -> None:
    live = tmp_path / "srv" / "portal"
    outside = tmp_path / "srv" / "20200101T000000Z"  # looks like a release, but outside
    outside.mkdir(parents=True)
    publisher = _ssh(server, live, keep=2)
    publisher.publish(builds["A"])
    snapshot = sorted((str(p), p.stat().st_mtime_ns) for p in live.rglob("*"))
    dry = _ssh(server, live, keep=2)
    dry.publish(builds["B"], dry_run=True)
    assert sorted((str(p), p.stat().st_mtime_ns) for p in live.rglob("*")) == snapshot
    said = dry.out.getvalue()
    assert "sẽ tải lên" in said and "tin-tuc/2025/01/bai-moi-cho-ban-b/index.html" in said
    assert "sẽ chuyển" in said
    for build in ("B", "A", "B"):
        publisher.publish(builds[build])
    assert len(list((live / "releases").iterdir())) == 2
    assert outside.is_dir()


@pytest.mark.parametrize("path", ["", "relative/path", "/", "/srv", "/srv/../etc"])
def test_ssh_refuses_paths_that_could_reach_outside(path) -> None:
    with pytest.raises(PublishError):
        SSHTarget(host="h", path=path)


# -- git branch -------------------------------------------------------------------------

def _git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def _branch_tree(remote: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    clone = tmp_path / name
    _git("clone", "-q", "--branch", "gh-pages", str(remote), str(clone))
    shutil.rmtree(clone / ".git")
    return _tree(clone)


def test_git_publish_dry_run_rollback(builds, tmp_path) -> None:
    remote = tmp_path / "site.git"
    _git("init", "-q", "--bare", str(remote))
    publisher = GitPublisher(GitTarget(remote=str(remote)), io.StringIO())
    first = publisher.publish(builds["A"])
    assert _branch_tree(remote, tmp_path, "a") == _tree(builds["A"])
    publisher.publish(builds["B"], dry_run=True)
    assert _git("rev-parse", "gh-pages", cwd=remote) == first
    assert "tin-tuc/2025/01/bai-moi-cho-ban-b/index.html" in publisher.out.getvalue()
    second = publisher.publish(builds["B"])
    assert _git("rev-parse", f"{second}~1", cwd=remote) == first
    assert _branch_tree(remote, tmp_path, "b") == _tree(builds["B"])
    publisher.rollback()
    assert _branch_tree(remote, tmp_path, "rolled-back") == _tree(builds["A"])


def test_git_rejected_push_leaves_the_branch(builds, tmp_path) -> None:
    remote = tmp_path / "site.git"
    _git("init", "-q", "--bare", str(remote))
    publisher = GitPublisher(GitTarget(remote=str(remote)), io.StringIO())
    first = publisher.publish(builds["A"])
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'disk quota exceeded' >&2\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(PublishError, match="không thay đổi"):
        publisher.publish(builds["B"])
    assert _git("rev-parse", "gh-pages", cwd=remote) == first


# -- S3-compatible bucket ----------------------------------------------------------------

class Recording:
    """A real boto3 client that records the order of writes (and can fail)."""

    def __init__(self, client, fail_after: int | None = None) -> None:
        self.client, self.fail_after, self.calls = client, fail_after, []

    def put_object(self, **kwargs):
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise ConnectionError("connection reset while uploading")
        self.calls.append(("put", kwargs["Key"]))
        return self.client.put_object(**kwargs)

    def delete_objects(self, **kwargs):
        self.calls.append(("delete", [o["Key"] for o in kwargs["Delete"]["Objects"]]))
        return self.client.delete_objects(**kwargs)

    def __getattr__(self, name):
        return getattr(self.client, name)


@pytest.fixture(scope="module")
def s3():
    import boto3

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
    with moto_s3() as url:
        client = boto3.client("s3", endpoint_url=url, region_name="us-east-1")
        yield url, client


def _objects(client, bucket: str) -> dict[str, bytes]:
    keys = [o["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", [])]
    return {k: client.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys}


def test_s3_publish_types_order_prefix_and_dry_run(s3, builds) -> None:
    url, client = s3
    client.create_bucket(Bucket="portal")
    client.put_object(Bucket="portal", Key="other/keep.txt", Body=b"not ours")
    target = S3Target(bucket="portal", prefix="site", endpoint_url=url, region="us-east-1")
    S3Publisher(target, io.StringIO(), client).publish(builds["A"])
    stored = _objects(client, "portal")
    assert {k[5:]: v for k, v in stored.items() if k.startswith("site/")} == _tree(builds["A"])
    head = lambda key: client.head_object(Bucket="portal", Key="site/" + key)
    assert head("index.html")["ContentType"] == "text/html; charset=utf-8"
    assert head("index.html")["CacheControl"] == "public, max-age=300"
    assert head("theme/css/site.css")["ContentType"].startswith("text/css")
    assert head("theme/js/search.js")["ContentType"].startswith("text/javascript")
    assert head("pagefind/shards.json")["ContentType"] == "application/json"
    wasm = next(k for k in _tree(builds["A"]) if k.startswith("pagefind/2019/wasm."))
    assert head(wasm)["ContentType"] == "application/wasm"
    chunk = next(k for k in _tree(builds["A"]) if k.startswith("pagefind/2019/fragment/"))
    assert "immutable" in head(chunk)["CacheControl"]
    # Pagefind's gzip files are labelled so: the browser inflates them, not Pagefind's script
    assert head(chunk)["ContentEncoding"] == head(wasm)["ContentEncoding"] == "gzip"
    assert "ContentEncoding" not in head("pagefind/shards.json")

    recorder = Recording(client)
    dry = S3Publisher(target, io.StringIO(), recorder)
    dry.publish(builds["B"], dry_run=True)
    assert recorder.calls == [] and _objects(client, "portal") == stored
    assert "tin-tuc/2025/01/bai-moi-cho-ban-b/index.html" in dry.out.getvalue()

    S3Publisher(target, io.StringIO(), recorder).publish(builds["B"])
    kinds = [kind for kind, _ in recorder.calls]
    assert "delete" in kinds and kinds.index("delete") > max(
        i for i, kind in enumerate(kinds) if kind == "put")  # uploads first, deletes last
    after = _objects(client, "portal")
    assert {k[5:]: v for k, v in after.items() if k.startswith("site/")} == _tree(builds["B"])
    assert after["other/keep.txt"] == b"not ours"


def test_s3_failure_midway_deletes_nothing(s3, builds) -> None:
    url, client = s3
    client.create_bucket(Bucket="failing")
    target = S3Target(bucket="failing", endpoint_url=url, region="us-east-1")
    S3Publisher(target, io.StringIO(), client).publish(builds["B"])
    recorder = Recording(client, fail_after=3)
    with pytest.raises(ConnectionError):
        S3Publisher(target, io.StringIO(), recorder).publish(builds["A"])
    assert len(recorder.calls) == 3 and all(kind == "put" for kind, _ in recorder.calls)
    assert set(_tree(builds["B"])) <= set(_objects(client, "failing"))  # nothing deleted


def test_content_types_and_cache_lifetimes() -> None:
    assert content_type("a/b.html") == "text/html; charset=utf-8"
    assert content_type("pagefind/2019/wasm.unknown.pagefind") == "application/wasm"
    assert content_type("x.wasm") == "application/wasm"
    assert content_type("pagefind/2019/pagefind.vi_706f531d73.pf_meta") == "application/octet-stream"
    assert cache_control("index.html", 300, 99) == "public, max-age=300"
    assert cache_control("pagefind/2019/index/vi_abc.pf_index", 300, 99) == "public, max-age=99, immutable"
    assert cache_control("pagefind/2019/pagefind-entry.json", 300, 99) == "public, max-age=300"


# -- the whole pipeline -----------------------------------------------------------------

def test_publish_refuses_broken_content_or_links(tmp_path) -> None:
    remote = tmp_path / "site.git"
    _git("init", "-q", "--bare", str(remote))
    config = {"target": "git", "git": {"remote": str(remote)}}
    bad = tmp_path / "bad"
    shutil.copytree(SAMPLE, bad)
    write_report(bad, "2020/x.md", "Title: Lỗi\nDate: 2020-02-30\n\nx\n")
    with pytest.raises(ContentProblems):
        pipeline.publish(load_settings(ROOT / "publishconf.py", bad, tmp_path / "o1",
                                       SITEURL=SITEURL), config, out=io.StringIO())
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    write_report(broken, "images/so-do.html", '<a href="/khong-co-trang-nay/">x</a>')
    with pytest.raises(PublishError, match="liên kết nội bộ hỏng"):
        pipeline.publish(load_settings(ROOT / "publishconf.py", broken, tmp_path / "o2",
                                       SITEURL=SITEURL), config, out=io.StringIO())
    assert _git("for-each-ref", cwd=remote) == ""  # nothing was pushed
    with pytest.raises(PublishError, match="phải là một trong ssh, git, s3"):
        pipeline.make_publisher({"target": "ftp"})


def test_invoke_publish_dry_run_from_the_environment(tmp_path) -> None:
    remote = tmp_path / "site.git"
    _git("init", "-q", "--bare", str(remote))
    env = {**os.environ, "INVOKE_PUBLISH_TARGET": "git", "INVOKE_PUBLISH_GIT_REMOTE": str(remote),
           "INVOKE_PORTAL_CONTENT": str(SAMPLE), "SITEURL": SITEURL}
    run = subprocess.run([sys.executable, "-m", "invoke", "publish", "--dry-run", "--output",
                          str(tmp_path / "out")], cwd=ROOT, env=env, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "sẽ đẩy lên gh-pages" in run.stdout
    assert _git("for-each-ref", cwd=remote) == ""
    failed = subprocess.run([sys.executable, "-m", "invoke", "rollback"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "không có lần xuất bản nào trước đó" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_every_target_is_a_publisher() -> None:
    """The pipeline knows no target by name: each describes itself, publishes
    and rolls back (S3 says in one line why it cannot)."""
    from deploy.base import Publisher

    publishers = [pipeline.make_publisher(config, io.StringIO()) for config in (
        {"target": "ssh", "ssh": {"host": "web1", "path": "/srv/www/portal"}},
        {"target": "git", "git": {"remote": "/tmp/khong-co.git"}},
        {"target": "s3", "s3": {"bucket": "portal", "region": "us-east-1"}})]
    assert all(isinstance(p, Publisher) for p in publishers)
    assert [p.describe() for p in publishers] == [
        "máy chủ web1:/srv/www/portal qua ssh (giữ 5 bản để quay lại)",
        "nhánh gh-pages của kho git /tmp/khong-co.git",
        "s3://portal/ (không chuyển đổi nguyên tử)"]
    with pytest.raises(PublishError, match="s3 không giữ bản trước"):
        publishers[2].rollback()
