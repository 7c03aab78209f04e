"""``invoke publish``: production build, checks, then deploy — or nothing.

Order: validate and build (into a fresh folder; errors stop here), verify
the search index, check every internal link of the output, and only then
hand the folder to the configured target. Any failure says why and leaves
the live site as it was.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Mapping, TextIO

from building import sitebuild
from linkcheck import check_site

from deploy.errors import UNCHANGED, PublishError
from deploy.base import Publisher
from deploy.gitbranch import GitPublisher, GitTarget
from deploy.s3 import S3Publisher, S3Target
from deploy.ssh import SSHPublisher, SSHTarget

TARGETS = ("ssh", "git", "s3")


def make_publisher(config: Mapping[str, Any], out: TextIO = sys.stdout) -> Publisher:
    """The publisher for ``config['target']`` configured from ``config[target]``."""
    target = config.get("target")
    options = {k: v for k, v in dict(config.get(target) or {}).items() if v is not None}
    try:
        if target == "ssh":
            options["ssh_options"] = list(options.get("ssh_options") or [])
            return SSHPublisher(SSHTarget(**options), out)
        if target == "git":
            return GitPublisher(GitTarget(**options), out)
        if target == "s3":
            return S3Publisher(S3Target(**options), out)
    except TypeError as error:
        raise PublishError(f"publish.{target} có thiết lập không hợp lệ ({error})") from None
    raise PublishError(f"publish.target là {target!r}; phải là một trong {', '.join(TARGETS)}")


def prepare(settings: dict[str, Any], out: TextIO = sys.stdout) -> Path:
    """Production build with every check; the folder that may be deployed."""
    out.write("1/3 dựng trang (kiểm tra nội dung, chỉ mục tìm kiếm)…\n")
    output = sitebuild.build(settings)
    out.write("2/3 kiểm tra chỉ mục tìm kiếm…\n")
    shards = output / settings.get("SEARCH_OUTPUT", "pagefind") / "shards.json"
    if not shards.is_file() or not json.loads(shards.read_text(encoding="utf-8"))["shards"]:
        raise PublishError(f"{shards} không có hoặc rỗng: chỉ mục tìm kiếm chưa được lập;"
                           f" {UNCHANGED}")
    out.write("3/3 kiểm tra liên kết nội bộ…\n")
    broken = check_site(output, settings.get("SITEURL", ""))
    if broken:
        listed = "\n".join(f"  {b}" for b in broken[:20])
        raise PublishError(f"{len(broken)} liên kết nội bộ hỏng trong bản dựng ({UNCHANGED}):"
                           f"\n{listed}")
    return output


def publish(settings: dict[str, Any], config: Mapping[str, Any], dry_run: bool = False,
            out: TextIO = sys.stdout) -> Any:
    """Build, check and deploy (or, with ``dry_run``, say what would change)."""
    publisher = make_publisher(config, out)  # a bad target fails before building
    out.write(f"Xuất bản lên {publisher.describe()}\n")
    output = prepare(settings, out)
    return publisher.publish(output, dry_run=dry_run)


def rollback(config: Mapping[str, Any], out: TextIO = sys.stdout) -> Any:
    """Make the previous release live again (ssh, git)."""
    return make_publisher(config, out).rollback()
