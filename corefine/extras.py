"""The optional extras: which feature needs which, and the one error when one is missing.

Why extras at all: resolving text needs none of pyarrow (Parquet in and out of
``corefine batch``) or scorch and scipy (the CoNLL metrics of ``corefine score``
and ``corefine evaluate``), and they are large; so they install with
``pip install 'corefine[parquet]'`` / ``'corefine[eval]'``, and the modules that
use them import them only when those features are asked for. A user who asks
for one without its extra gets one line that names the extra to install, not a
``ModuleNotFoundError`` traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from corefine.errors import CorefineError

__all__ = [
    "EXTRAS",
    "PARQUET_FEATURE",
    "SCORING_FEATURE",
    "SERVE_FEATURE",
    "MissingExtraError",
    "import_extra",
    "missing_extra",
    "require_extra",
]

# Each extra and the top-level modules it installs (what is imported to check it).
EXTRAS: dict[str, tuple[str, ...]] = {
    "parquet": ("pyarrow",),
    "eval": ("scorch", "scipy"),
    "serve": ("fastapi", "uvicorn", "prometheus_client"),
}

# What a user asked for, as the error names it.
PARQUET_FEATURE = "reading or writing Parquet"
SCORING_FEATURE = "scoring coreference (MUC, B³, CEAF-e)"
SERVE_FEATURE = "corefine serve"


class MissingExtraError(CorefineError):
    """A feature was asked for whose optional dependencies are not installed."""

    def __init__(self, extra: str, feature: str, module: str):
        self.extra = extra
        self.module = module
        super().__init__(
            f"{feature} needs the '{extra}' extra, which is not installed (no module "
            f"named {module!r}); install it with: pip install 'corefine[{extra}]'"
        )


def missing_extra(extra: str, feature: str, err: ImportError) -> MissingExtraError:
    """The error for ``err``, an import of one of ``extra``'s modules that failed."""
    module = (err.name or EXTRAS[extra][0]).split(".")[0]
    return MissingExtraError(extra, feature, module)


def import_extra(name: str, extra: str, feature: str) -> ModuleType:
    """Import module ``name`` of ``extra``, or raise :class:`MissingExtraError` for ``feature``."""
    try:
        return importlib.import_module(name)
    except ImportError as err:
        raise missing_extra(extra, feature, err) from None


def require_extra(extra: str, feature: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` imports.

    Called before the work starts (reading a corpus, resolving rows), so that a
    missing extra stops a job at once rather than after its first results.
    """
    for module in EXTRAS[extra]:
        import_extra(module, extra, feature)
