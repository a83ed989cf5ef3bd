"""Request body limits, checked before FastAPI reads a byte of JSON.

Why an ASGI middleware that buffers the body itself: a body over the limit
must be refused with a 413 however it arrives (with a ``Content-Length`` that
says so, or chunked without one), before it is parsed, and with the same JSON
error shape as every other failure. Buffering is bounded by the limit, so a
client cannot make a worker hold more than ``max_body_bytes`` for it.

The JSON-only check lives here too: a ``POST`` to the API whose
``Content-Type`` is not JSON (curl's ``-d`` sends a form type) is a 415 that
says which header to send, rather than a puzzling validation error. So does
the UTF-8 check: JSON exchanged between systems must be UTF-8 (RFC 8259), but
Python's ``json.loads`` of bytes (which FastAPI calls) quietly guesses UTF-16
and UTF-32 too; a body in another encoding is a 400 that names it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
API_PREFIX = "/v1/"


async def send_error(send: Send, status: int, error: str, detail: str) -> None:
    """Answer with the service's JSON error body, from below the FastAPI layer."""
    body = json.dumps({"error": error, "detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),  # the rest of the body is not read
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def encoding_problem(body: bytes) -> str | None:
    """Why ``body`` is not UTF-8 text (a UTF-8 byte order mark is allowed), or ``None``."""
    encoding = json.detect_encoding(body)
    if not encoding.startswith("utf-8"):
        name = encoding.upper().replace("-BE", "").replace("-LE", "")
        return f"the body looks {name} encoded; send the JSON encoded as UTF-8"
    try:
        body.decode(encoding)
    except UnicodeDecodeError as err:
        return (
            f"the body is not UTF-8: byte 0x{body[err.start]:02x} at offset {err.start:,} "
            f"({err.reason}); send the JSON encoded as UTF-8"
        )
    return None


def is_json_type(content_type: str) -> bool:
    """``application/json`` or ``application/*+json``, with any parameters."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class BodyLimitMiddleware:
    """413 for a body over ``max_body_bytes``; 415 for an API body that is not JSON,
    400 for one that is not UTF-8."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        limit = self.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await self._too_large(send, f"{int(declared):,} bytes")
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left; nobody to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._too_large(send, f"at least {size:,} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        path = str(scope.get("path", ""))
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        if path.startswith(API_PREFIX) and not is_json_type(content_type):
            got = f"Content-Type {content_type!r}" if content_type else "no Content-Type"
            await send_error(
                send,
                415,
                "unsupported_media_type",
                f"the body must be JSON sent with Content-Type: application/json (got {got})",
            )
            return
        problem = encoding_problem(body) if path.startswith(API_PREFIX) else None
        if problem is not None:
            await send_error(send, 400, "invalid_json", problem)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # e.g. http.disconnect while the model runs

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send, got: str) -> None:
        await send_error(
            send,
            413,
            "too_large",
            f"request body of {got} is over the limit of {self.max_body_bytes:,} bytes",
        )
