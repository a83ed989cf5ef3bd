"""corefine on Spark, for DataFrames you already have (``pip install 'corefine[spark]'``).

.. code-block:: python

    from corefine.spark import resolve_column

    resolved = resolve_column(df, "body", replace="pronouns")
    resolved.write.parquet("resolved/")

:func:`resolve_column` adds ``resolved_text``, ``clusters``, ``n_replacements``
and ``error``, with the values ``corefine batch`` writes for the same texts.
``corefine batch --engine spark`` runs the same function on the chunks of a
file. The implementation lives in :mod:`corefine.batch.spark`; this module is
the documented name, so that ``import corefine`` never imports pyspark.
"""

from __future__ import annotations

from corefine.batch.spark import resolve_column, result_schema

__all__ = ["resolve_column", "result_schema"]
