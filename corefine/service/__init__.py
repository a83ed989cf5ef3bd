"""``corefine serve``: the HTTP API (``/v1/resolve``), metrics and the viewer page.

``create_app(ServiceSettings(...))`` builds the FastAPI application; see
:mod:`corefine.service.app`. FastAPI, uvicorn and prometheus_client come with
the ``serve`` extra; they are imported only when the app is built, so the
rest of corefine (and ``corefine.service.settings``, which the CLI reads)
works without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corefine.service.settings import ServiceSettings

if TYPE_CHECKING:
    from corefine.service.app import create_app

__all__ = ["ServiceSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from corefine.service.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
