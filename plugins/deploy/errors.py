"""Publishing errors: one Vietnamese line saying what failed, and that the
live site was not changed; and the child processes publishing runs."""

from __future__ import annotations

import ctypes
import re
import signal
import subprocess
from typing import Any

#: said at the end of every failure: nothing live was switched or deleted
UNCHANGED = "trang đang chạy không thay đổi"


class PublishError(RuntimeError):
    """A step of publishing failed; nothing was switched or deleted."""


#: what ssh, rsync and git print (English, from the system), as a sysadmin reads it
_CAUSES = (
    (r"Could not resolve hostname|Name or service not known|nodename nor servname",
     "không tìm thấy máy chủ {where} (tên máy sai?)"),
    (r"Connection refused|No route to host|Network is unreachable|timed out|"
     r"Connection closed by|Connection reset|kex_exchange_identification",
     "không kết nối được tới máy chủ {where}; kiểm tra tên máy, cổng và mạng"),
    (r"Permission denied \(publickey|Authentication failed|too many authentication",
     "máy chủ {where} từ chối đăng nhập: khóa SSH sai hoặc chưa được cho phép"),
    (r"Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED",
     "khóa của máy chủ {where} không khớp với known_hosts; kiểm tra lại máy chủ"),
    (r"No space left on device|Disk quota exceeded|quota exceeded",
     "máy chủ {where} hết chỗ trống trên đĩa"),
    (r"Permission denied|Operation not permitted|Read-only file system|"
     r"insufficient permission|unable to create temporary object directory",
     "không có quyền ghi vào {where} (thư mục chỉ đọc hoặc sai quyền)"),
    (r"does not appear to be a git repository|[Rr]epository not found|"
     r"not a git repository",
     "{where} không phải một kho git"),
    (r"command not found|rsync: not found|flock: not found",
     "máy chủ {where} thiếu chương trình cần cho việc xuất bản (rsync, flock)"),
)


def explain(stderr: str, where: str) -> str:
    """The cause of a failed ssh, rsync or git command, in Vietnamese; an
    unknown one quotes the system's last line."""
    for pattern, cause in _CAUSES:
        if re.search(pattern, stderr or ""):
            return cause.format(where=where)
    last = next((line.strip() for line in reversed((stderr or "").splitlines())
                 if line.strip()), "")
    return f"lỗi ở {where}" + (f": «{last}»" if last else "")


def _die_with_parent() -> None:
    """In a child: be sent SIGTERM when the publishing process dies (Linux),
    so a killed publish leaves no rsync finishing a release on its own."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        pass


def child(command: list[str], **options: Any) -> subprocess.Popen:
    """Start a command that dies with this process."""
    return subprocess.Popen(command, preexec_fn=_die_with_parent, **options)


def run(command: list[str], **options: Any) -> subprocess.CompletedProcess:
    """Run a command that dies with this process; its output as text."""
    with child(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
               **options) as process:
        out, err = process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, out, err)
