"""S3-compatible target (for a CDN): correct types and cache lifetimes.

New and changed objects are uploaded first, stale ones deleted last, so a
reader never meets a missing page; keys outside ``prefix`` are never
touched. (Object storage has no atomic switch: during an upload some pages
may already be new; a failed upload deletes nothing.)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from deploy.errors import UNCHANGED, PublishError
from deploy.files import Plan, md5, plan, walk
from deploy.progress import Progress

TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json",
    ".wasm": "application/wasm", ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml", ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".ico": "image/x-icon", ".pdf": "application/pdf",
    ".pagefind": "application/wasm", ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
SHORT = (".html", ".xml", ".json", ".ics", ".csv", ".txt", ".atom")
# Pagefind names its chunks by content hash: they never change.
FINGERPRINTED = re.compile(r"(^|/)pagefind/[^/]+/(fragment|index|filter)/|\.pf_meta$")


def content_type(key: str) -> str:
    """Content-Type of a published file (by extension)."""
    suffix = Path(key).suffix.lower()
    if key.endswith(".wasm.pagefind") or re.search(r"(^|/)wasm\.[^/]+\.pagefind$", key):
        return "application/wasm"
    return TYPES.get(suffix, "application/octet-stream")


#: Pagefind's index and WebAssembly files, each written gzip-compressed
PAGEFIND_GZIPPED = re.compile(r"(^|/)pagefind/.+(\.pf_(index|fragment|filter|meta)|/wasm\.[^/]+\.pagefind)$")


def content_encoding(key: str, path: Path) -> str | None:
    """``gzip`` for a Pagefind file that is gzip data: served so, the browser
    inflates it itself, and Pagefind's JavaScript has nothing to inflate."""
    if not PAGEFIND_GZIPPED.search(key):
        return None
    with open(path, "rb") as file:
        return "gzip" if file.read(2) == b"\x1f\x8b" else None


def cache_control(key: str, html_max_age: int, asset_max_age: int) -> str:
    """Short lifetime for pages and manifests, a year for fingerprinted chunks."""
    if FINGERPRINTED.search(key):
        return f"public, max-age={asset_max_age}, immutable"
    if key.endswith(SHORT) or key.endswith("pagefind-entry.json"):
        return f"public, max-age={html_max_age}"
    return "public, max-age=3600"


@dataclass
class S3Target:
    """Bucket, key prefix and endpoint (for non-AWS S3-compatible storage)."""

    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    html_max_age: int = 300
    asset_max_age: int = 31536000

    def __post_init__(self) -> None:
        if not self.bucket:
            raise PublishError("chưa đặt bucket S3 (publish.s3.bucket)")
        prefix = self.prefix.strip("/")
        if ".." in prefix.split("/"):
            raise PublishError(f"tiền tố S3 {self.prefix!r} không được chứa '..'")
        self.prefix = f"{prefix}/" if prefix else ""


class S3Publisher:
    """Synchronises the build with the objects under the target prefix."""

    def __init__(self, target: S3Target, out: TextIO = sys.stdout, client: Any = None) -> None:
        self.target = target
        self.out = out
        if client is None:
            import boto3

            client = boto3.client("s3", endpoint_url=target.endpoint_url,
                                  region_name=target.region)
        self.client = client

    def describe(self) -> str:
        return f"s3://{self.target.bucket}/{self.target.prefix} (không chuyển đổi nguyên tử)"

    def rollback(self) -> None:
        """Object storage keeps no earlier versions here: nothing to go back to."""
        raise PublishError("s3 không giữ bản trước để quay lại: hãy xuất bản lại phiên bản nội"
                           " dung trước")

    def remote(self) -> dict[str, str]:
        """``{key relative to prefix: md5}`` of the objects under the prefix."""
        found = {}
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.target.bucket, Prefix=self.target.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"]
                if key.startswith(self.target.prefix):
                    found[key[len(self.target.prefix):]] = item["ETag"].strip('"')
        return found

    def publish(self, site: Path, dry_run: bool = False) -> Plan:
        """Upload new and changed files, then delete stale objects; any failure
        of the storage is one :class:`PublishError` (nothing was deleted)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return self._publish(site, dry_run)
        except (BotoCoreError, ClientError) as error:
            raise PublishError(f"{self._explain(error)}; không xóa gì, {UNCHANGED} (các trang"
                               " đã tải lên trước lỗi là bản mới)") from None

    def _explain(self, error: Exception) -> str:
        """A storage failure as a sysadmin reads it."""
        from botocore.exceptions import (ClientError, EndpointConnectionError,
                                         NoCredentialsError, PartialCredentialsError)

        bucket = f"s3://{self.target.bucket}"
        if isinstance(error, EndpointConnectionError):
            return f"không kết nối được tới {self.target.endpoint_url or 'S3'}; kiểm tra địa chỉ"\
                   " (endpoint_url) và mạng"
        if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
            return "chưa có khóa truy cập S3 (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)"
        code = error.response.get("Error", {}).get("Code", "") \
            if isinstance(error, ClientError) else ""
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken",
                    "ExpiredToken", "InvalidClientTokenId"):
            return f"{bucket} từ chối đăng nhập: khóa truy cập sai hoặc hết hạn"
        if code in ("AccessDenied", "AllAccessDisabled", "403"):
            return f"khóa truy cập không có quyền ghi vào {bucket}"
        if code == "NoSuchBucket":
            return f"không có bucket {bucket}"
        if code in ("QuotaExceeded", "ServiceUnavailable", "SlowDown", "InsufficientStorage"):
            return f"{bucket} tạm không nhận thêm dữ liệu (hết hạn mức hoặc quá tải)"
        return f"lỗi ở {bucket}: «{code or type(error).__name__}»"

    def _publish(self, site: Path, dry_run: bool) -> Plan:
        files = dict(walk(Path(site)))
        changes = plan({key: md5(path) for key, path in files.items()}, self.remote())
        if dry_run:
            self.out.write(f"sẽ xuất bản lên s3://{self.target.bucket}/{self.target.prefix}:"
                           f" {changes.describe()}\n")
            return changes
        progress = Progress("tải lên", len(changes.uploads), self.out)
        for key in changes.uploads:
            encoding = content_encoding(key, files[key])
            with open(files[key], "rb") as body:
                self.client.put_object(
                    Bucket=self.target.bucket, Key=self.target.prefix + key, Body=body,
                    ContentType=content_type(key),
                    **({"ContentEncoding": encoding} if encoding else {}),
                    CacheControl=cache_control(key, self.target.html_max_age,
                                               self.target.asset_max_age))
            progress.step()
        for start in range(0, len(changes.stale), 1000):
            batch = [{"Key": self.target.prefix + key} for key in changes.stale[start:start + 1000]]
            self.client.delete_objects(Bucket=self.target.bucket, Delete={"Objects": batch})
        self.out.write(f"đang chạy: s3://{self.target.bucket}/{self.target.prefix}"
                       f" ({changes.describe(limit=0)})\n")
        return changes
