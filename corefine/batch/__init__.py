"""Batch resolution of tabular files: ``corefine batch`` and :func:`corefine.batch.run`.

Layout, one job per module:

- :mod:`~corefine.batch.rows`: one text → the output fields (:class:`RowResolver`);
  the piece every engine shares, local or distributed;
- :mod:`~corefine.batch.readers` / :mod:`~corefine.batch.writers`: chunked
  CSV, JSON Lines and Parquet input, part files and their final join;
- :mod:`~corefine.batch.checkpoint`: the work directory that makes jobs resumable;
- :mod:`~corefine.batch.engine`: worker processes; :mod:`~corefine.batch.spark_engine`:
  Spark tasks instead (``engine="spark"``), through the pandas UDF of
  :mod:`corefine.integrations.spark` (behind its ``resolve_column``);
- :mod:`~corefine.batch.progress`: the bar or log lines; :mod:`~corefine.batch.runner`:
  the job from start to end.

``run`` and ``BatchSummary`` are imported on first use, so that
``corefine.batch.rows`` (e.g. on a Spark executor) does not load the file
machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corefine.batch.formats import OUTPUT_COLUMNS
from corefine.batch.rows import RowResolver, RowResult, RowSettings

if TYPE_CHECKING:
    from corefine.batch.runner import BatchSummary, run

__all__ = ["OUTPUT_COLUMNS", "BatchSummary", "RowResolver", "RowResult", "RowSettings", "run"]


def __getattr__(name: str) -> Any:
    if name in ("run", "BatchSummary"):
        from corefine.batch import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'corefine.batch' has no attribute {name!r}")
