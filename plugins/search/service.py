"""Pagefind's Python service, read as soon as it answers.

The wrapper's reading loop sleeps 0.1 s before it reads each reply, so every
request (new index, add a folder, write files) costs at least 0.1 s more than
Pagefind takes: most of a small shard's indexing time. :class:`QuickService`
reads each reply when it arrives (the read itself waits, without a busy
loop), and resolves the same futures the wrapper does.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from pagefind.service import PagefindService
from pagefind.service.types import InternalResponseType


class QuickService(PagefindService):
    """:class:`PagefindService` without the wait before each reply."""

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        while True:
            output = await self._backend.stdout.readuntil(b",")
            reply: Any = json.loads(base64.b64decode(output[:-1]))
            if reply is None:
                continue
            message_id = reply.get("message_id")
            payload = reply.get("payload") or {}
            if message_id is None and payload.get("original_message"):
                # a message Pagefind could not parse comes back without its id
                message_id = json.loads(payload["original_message"]).get("message_id")
            future = self._responses.get(message_id) if message_id is not None else None
            if future is None or future.done():
                continue
            if payload.get("type") == InternalResponseType.ERROR.value:
                future.set_exception(Exception(payload.get("message"),
                                               payload.get("original_message")))
            else:
                future.set_result(payload)
