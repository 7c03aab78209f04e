"""Git target: the built site as the tree of a branch (gh-pages style).

Each publish is one commit whose tree is exactly the build, on top of the
branch's current head; the push updates the branch atomically. Rollback
pushes a new commit restoring the tree of the commit before the head.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from deploy.errors import UNCHANGED, PublishError, explain, run

IDENTITY = {"GIT_AUTHOR_NAME": "Cổng thông tin", "GIT_AUTHOR_EMAIL": "publish@localhost",
            "GIT_COMMITTER_NAME": "Cổng thông tin", "GIT_COMMITTER_EMAIL": "publish@localhost"}


@dataclass
class GitTarget:
    """The remote repository and branch to publish to."""

    remote: str
    branch: str = "gh-pages"

    def __post_init__(self) -> None:
        if not self.remote:
            raise PublishError("chưa đặt kho git đích (publish.git.remote)")
        if not self.branch or self.branch.startswith("-") or ".." in self.branch:
            raise PublishError(f"{self.branch!r} không phải tên nhánh git hợp lệ")


class GitPublisher:
    """Publishes a folder as a commit on a branch of a remote repository."""

    def __init__(self, target: GitTarget, out: TextIO = sys.stdout) -> None:
        self.target = target
        self.out = out

    def describe(self) -> str:
        return f"nhánh {self.target.branch} của kho git {self.target.remote}"

    def _git(self, gitdir: Path, *args: str, work_tree: Path | None = None,
             index: Path | None = None) -> str:
        env = {**os.environ, **IDENTITY, "GIT_DIR": str(gitdir)}
        env.pop("GIT_WORK_TREE", None)
        if work_tree is not None:
            env["GIT_WORK_TREE"] = str(work_tree)
        if index is not None:
            env["GIT_INDEX_FILE"] = str(index)
        result = run(["git", *args], env=env)
        if result.returncode != 0:
            raise PublishError(f"git {args[0]}: {explain(result.stderr, self.target.remote)};"
                               f" nhánh {self.target.branch} và {UNCHANGED}")
        return result.stdout.strip()

    def _head(self, gitdir: Path, depth: int) -> str | None:
        ref = f"refs/heads/{self.target.branch}"
        listed = self._git(gitdir, "ls-remote", self.target.remote, ref)
        if not listed:
            return None
        self._git(gitdir, "fetch", "-q", f"--depth={depth}", self.target.remote,
                  f"{ref}:refs/remotes/target/head")
        return listed.split()[0]

    def publish(self, site: Path, dry_run: bool = False) -> str | None:
        """Commit ``site`` on top of the branch and push; return the commit."""
        with tempfile.TemporaryDirectory(prefix="publish-git-") as temp:
            gitdir = Path(temp) / "repo.git"
            self._git(gitdir, "init", "-q", "--bare")
            head = self._head(gitdir, depth=1)
            index = Path(temp) / "index"
            self._git(gitdir, "add", "-A", "--force", ".", work_tree=Path(site), index=index)
            tree = self._git(gitdir, "write-tree", index=index)
            if head and tree == self._git(gitdir, "rev-parse", f"{head}^{{tree}}"):
                self.out.write(f"{self.target.branch}: không có gì thay đổi\n")
                return head
            if dry_run:
                changes = (self._git(gitdir, "diff-tree", "-r", "--name-status", head, tree)
                           if head else self._git(gitdir, "ls-tree", "-r", "--name-only", tree))
                self.out.write(f"sẽ đẩy lên {self.target.branch}:\n{changes}\n")
                return None
            return self._commit_and_push(gitdir, tree, head, "Xuất bản trang")

    def rollback(self) -> str:
        """Push a commit restoring the tree before the last publish."""
        with tempfile.TemporaryDirectory(prefix="publish-git-") as temp:
            gitdir = Path(temp) / "repo.git"
            self._git(gitdir, "init", "-q", "--bare")
            head = self._head(gitdir, depth=2)
            try:
                previous = self._git(gitdir, "rev-parse", f"{head}~1") if head else ""
            except PublishError:
                previous = ""
            if not previous:
                raise PublishError("không có lần xuất bản nào trước đó để quay lại")
            tree = self._git(gitdir, "rev-parse", f"{previous}^{{tree}}")
            return self._commit_and_push(gitdir, tree, head, f"Quay lại {previous[:12]}")

    def _commit_and_push(self, gitdir: Path, tree: str, parent: str | None,
                         message: str) -> str:
        parents = ["-p", parent] if parent else []
        commit = self._git(gitdir, "commit-tree", tree, *parents, "-m", message)
        self._git(gitdir, "push", "-q", self.target.remote,
                  f"{commit}:refs/heads/{self.target.branch}")
        self.out.write(f"đang chạy: {self.target.branch} → {commit[:12]}\n")
        return commit
