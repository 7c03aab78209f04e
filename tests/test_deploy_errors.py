"""Deploy errors, as a sysadmin meets them: an unreachable server, a wrong
key, no permission, a full disk. Each ends `invoke publish` with one
Vietnamese line and exit 1, no traceback, and nothing live deleted; against
the real sshd, git over ssh, and moto's S3 (issue: real failures)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from deploy.gitbranch import GitPublisher, GitTarget
from deploy.ssh import SSHPublisher, SSHTarget
from servers import free_port, moto_s3, sshd
from test_messages import english_words
from test_publish import SITEURL, builds  # noqa: F401 - two production builds
from test_releases import content_c, www  # noqa: F401 - new bytes; a folder all may traverse

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a full or read-only"
                                " disk needs root (CI runs as root)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with sshd(tmp_path_factory.mktemp("sshd")) as running:
        yield running


@pytest.fixture(scope="module")
def stranger_key(tmp_path_factory) -> Path:
    key = tmp_path_factory.mktemp("stranger") / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key


def _publish(tmp_path: Path, config: dict, env: dict[str, str] | None = None,
             content: Path = SAMPLE) -> subprocess.CompletedProcess:
    """`invoke publish` of ``content`` with this ``publish:`` configuration."""
    path = tmp_path / "publish.yaml"
    path.write_text(json.dumps({"publish": config}))
    return subprocess.run(
        [sys.executable, "-m", "invoke", "-f", str(path), "publish", "--output",
         str(tmp_path.parent / f"deploy-errors-{content.name}")], cwd=ROOT, capture_output=True,
        text=True, env={**os.environ, "INVOKE_PORTAL_CONTENT": str(content), "SITEURL": SITEURL,
                        **(env or {})})


def _assert_one_vietnamese_line(run: subprocess.CompletedProcess, *words: str) -> None:
    assert run.returncode == 1, run.stdout + run.stderr
    said = run.stdout + run.stderr
    assert "Traceback" not in said and 'File "' not in said
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("Không xuất bản: ") and "trang đang chạy không thay đổi" in last
    assert len(english_words(last)) < 2, last
    for word in words:
        assert word in last, (word, last)


@contextlib.contextmanager
def _mounted(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> None:
    """Leave no free byte on the file system of ``folder``."""
    subprocess.run(["dd", "if=/dev/zero", f"of={folder / 'filler'}", "bs=64k"],
                   capture_output=True)


def _read_only(folder: Path) -> None:
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)


# -- ssh --------------------------------------------------------------------------------

def _ssh_config(server, live: Path, port: int | None = None, options=None) -> dict:
    return {"target": "ssh", "ssh": {"host": "127.0.0.1", "user": server.user,
                                     "port": port or server.port, "path": str(live),
                                     "ssh_options": options or server.options}}


def _snapshot(live: Path) -> tuple:
    releases = sorted(p.name for p in (live / "releases").iterdir()
                      if not p.name.startswith("."))
    return os.readlink(live / "current"), releases


def test_ssh_unreachable_and_wrong_key(server, stranger_key, www, tmp_path) -> None:
    live = www / "ssh-errors"
    run = _publish(tmp_path, _ssh_config(server, live, port=free_port()))
    _assert_one_vietnamese_line(run, "không kết nối được tới máy chủ")
    options = list(server.options)
    options[options.index("-i") + 1] = str(stranger_key)
    run = _publish(tmp_path, _ssh_config(server, live, options=options))
    _assert_one_vietnamese_line(run, "từ chối đăng nhập", "khóa SSH")
    assert not live.exists()


#: a target folder that cannot be written, or a disk with no room left
TROUBLES = pytest.mark.parametrize("trouble, words", [("read-only", "không có quyền ghi"),
                                                      ("full", "hết chỗ trống trên đĩa")])


@needs_root
@TROUBLES
def test_ssh_no_permission_or_full_disk(server, builds, www, content_c, tmp_path, trouble,
                                        words) -> None:
    with _mounted(www / f"ssh-{trouble}", "size=12m,mode=0755") as disk:
        live = disk / "portal"
        SSHPublisher(SSHTarget(host="127.0.0.1", user=server.user, port=server.port,
                               path=str(live), ssh_options=server.options),
                     io.StringIO()).publish(builds["A"])
        before = _snapshot(live)
        _fill(disk) if trouble == "full" else _read_only(live)
        run = _publish(tmp_path, _ssh_config(server, live), content=content_c)  # new bytes
        _assert_one_vietnamese_line(run, words)
        assert _snapshot(live) == before
        assert (live / "current" / "index.html").is_file()


# -- git over ssh -------------------------------------------------------------------------

def _git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def _git_ssh(server, key: Path | None = None) -> dict[str, str]:
    options = list(server.options)
    if key is not None:
        options[options.index("-i") + 1] = str(key)
    return {"GIT_SSH_COMMAND": " ".join(["ssh", "-o", "BatchMode=yes", *options])}


def test_git_unreachable_and_wrong_key(server, stranger_key, tmp_path) -> None:
    remote = tmp_path / "site.git"
    _git("init", "-q", "--bare", str(remote))
    config = {"target": "git", "git": {"remote": f"ssh://{server.user}@127.0.0.1:{free_port()}"
                                                 f"{remote}"}}
    _assert_one_vietnamese_line(_publish(tmp_path, config, _git_ssh(server)),
                                "không kết nối được tới máy chủ")
    config = {"target": "git", "git": {"remote": f"ssh://{server.user}@127.0.0.1:{server.port}"
                                                 f"{remote}"}}
    _assert_one_vietnamese_line(_publish(tmp_path, config, _git_ssh(server, stranger_key)),
                                "từ chối đăng nhập")
    assert _git("for-each-ref", cwd=remote) == ""


@needs_root
@TROUBLES
def test_git_no_permission_or_full_disk(server, builds, www, content_c, tmp_path, trouble,
                                        words) -> None:
    with _mounted(www / f"git-{trouble}", "size=12m,mode=0755") as disk:
        remote = disk / "site.git"
        _git("init", "-q", "--bare", str(remote))
        url = f"ssh://{server.user}@127.0.0.1:{server.port}{remote}"
        env = _git_ssh(server)
        os.environ.update(env)
        try:
            first = GitPublisher(GitTarget(remote=url), io.StringIO()).publish(builds["A"])
        finally:
            os.environ.pop("GIT_SSH_COMMAND")
        _fill(disk) if trouble == "full" else _read_only(remote)
        run = _publish(tmp_path, {"target": "git", "git": {"remote": url}}, env, content_c)
        _assert_one_vietnamese_line(run, words)
        assert _git("rev-parse", "gh-pages", cwd=remote) == first


# -- S3 (moto, with its IAM checking every request) -------------------------------------

def test_s3_unreachable_wrong_key_and_no_permission(tmp_path) -> None:
    import boto3

    credentials = {"AWS_ACCESS_KEY_ID": "khong-ai-biet", "AWS_SECRET_ACCESS_KEY": "sai",
                   "AWS_DEFAULT_REGION": "us-east-1"}
    config = {"target": "s3", "s3": {"bucket": "portal", "endpoint_url":
                                     f"http://127.0.0.1:{free_port()}", "region": "us-east-1"}}
    _assert_one_vietnamese_line(_publish(tmp_path, config, credentials),
                                "không kết nối được tới")
    with moto_s3(free_actions=8) as url:  # then every request is checked, as on AWS
        free = {"endpoint_url": url, "region_name": "us-east-1",
                "aws_access_key_id": "x", "aws_secret_access_key": "x"}
        s3, iam = boto3.client("s3", **free), boto3.client("iam", **free)
        s3.create_bucket(Bucket="portal")
        s3.put_object(Bucket="portal", Key="index.html", Body=b"live")
        iam.create_user(UserName="web")  # may do nothing: no policy
        web = iam.create_access_key(UserName="web")["AccessKey"]
        iam.create_user(UserName="auditor")
        auditor = iam.create_access_key(UserName="auditor")["AccessKey"]
        iam.put_user_policy(UserName="auditor", PolicyName="read", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*",
                                                    "Action": ["s3:Get*", "s3:List*"]}]}))
        config["s3"]["endpoint_url"] = url
        _assert_one_vietnamese_line(_publish(tmp_path, config, credentials),
                                    "từ chối đăng nhập")
        _assert_one_vietnamese_line(_publish(tmp_path, config, {
            **credentials, "AWS_ACCESS_KEY_ID": web["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": web["SecretAccessKey"]}), "không có quyền ghi")
        reader = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                              aws_access_key_id=auditor["AccessKeyId"],
                              aws_secret_access_key=auditor["SecretAccessKey"])
        listed = reader.list_objects_v2(Bucket="portal")["Contents"]
        assert [o["Key"] for o in listed] == ["index.html"]  # nothing deleted, nothing added
        assert reader.get_object(Bucket="portal", Key="index.html")["Body"].read() == b"live"
