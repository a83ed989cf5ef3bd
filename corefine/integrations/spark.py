"""corefine on Spark, for DataFrames you already have (``pip install 'corefine[spark]'``).

.. code-block:: python

    from corefine.integrations.spark import resolve_column

    resolved = resolve_column(df, "body", replace="pronouns")
    resolved.write.parquet("resolved/")

:func:`resolve_column` adds ``resolved_text``, ``clusters``, ``n_replacements``
and ``error``, with the values ``corefine batch`` writes for the same texts.
``corefine batch --engine spark`` (:mod:`corefine.batch.spark_engine`) runs the
same UDF on the chunks of a file, through :func:`with_results`. Only this module
imports pyspark, and only when imported, so ``import corefine`` never does.

Why a pandas UDF over the text column alone: only the texts travel to the
Python workers and only the four results come back, so every other column
stays in the JVM exactly as it was (types, nesting, precision), and the
result is a narrow transformation that keeps the DataFrame's partitioning.
The results are computed by :class:`~corefine.batch.rows.RowResolver`, the
row function of the local engine, so a text gives the same ``resolved_text``,
``clusters``, ``n_replacements`` and ``error`` wherever it is resolved.

Each Python worker process builds its resolver (loads the model) once, on its
first batch, and keeps it in :data:`_RESOLVERS` for every later task: Spark
reuses its Python workers (``spark.python.worker.reuse``, on by default), so a
model is loaded once per worker process, not once per task or per row.

This module is imported on the executors (the UDF refers to it by its module
path, ``corefine.integrations.spark``), so it imports nothing of the file
machinery of :mod:`corefine.batch`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from corefine.batch.formats import OUTPUT_COLUMNS, check_columns, require_column
from corefine.batch.rows import RowResolver, RowSettings, checked_settings
from corefine.errors import CorefineError
from corefine.resolvers import DEFAULT_RESOLVER

try:
    import pandas as pd
    from pyspark.sql import Column, DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as err:  # pragma: no cover - depends on the installation
    raise ImportError(
        f"corefine's Spark support needs pyspark and pandas ({err}); "
        "install them with: pip install 'corefine[spark]'"
    ) from err

# The column that carries a row's four results between the UDF and the output.
_RESULT = "__corefine_result"

# The Python type names the local engine reports for a non-string text (as
# pyarrow gives the values of these Spark types), so both engines say the same.
_PYTHON_NAMES: dict[type, str] = {
    T.BooleanType: "bool",
    T.ByteType: "int",
    T.ShortType: "int",
    T.IntegerType: "int",
    T.LongType: "int",
    T.FloatType: "float",
    T.DoubleType: "float",
    T.DecimalType: "Decimal",
    T.DateType: "date",
    T.TimestampType: "datetime",
    T.TimestampNTZType: "datetime",
    T.ArrayType: "list",
    T.StructType: "dict",
}


def resolve_column(
    df: DataFrame,
    text_column: str,
    *,
    resolver: str = DEFAULT_RESOLVER,
    model: str | Path | None = None,
    replace: str = "pronouns",
    min_confidence: float | None = None,
    threads: int | None = 1,
) -> DataFrame:
    """``df`` with ``resolved_text``, ``clusters``, ``n_replacements`` and ``error`` added.

    The four columns are those of ``corefine batch`` (strings, and a 64-bit
    integer for ``n_replacements``), with the same values for the same text:
    ``clusters`` is the JSON of the clusters (character offsets into the
    original text), ``error`` is ``""`` for a resolved row, and a row whose
    text is null, not a string or fails inside the model gets its ``error``
    set and null results instead of failing the job. Every column of ``df``
    is kept as it is, in order.

    ``resolver``, ``model``, ``replace`` and ``min_confidence`` are the
    options of ``corefine batch``; ``model`` (default: the model shipped with
    corefine) must be a directory that every executor can read at the same
    path. ``threads``: onnxruntime threads per Python worker (default 1, as
    Spark runs one task per core; ``None``: all cores).

    Lazy, like any transformation: the model runs when an action (``write``,
    ``collect``) runs, and again for each action on the result, so cache or
    write it if it is used twice. Spark DataFrames have no row order; the
    rows keep their partitions and their order within them.
    """
    if not isinstance(df, DataFrame):
        raise CorefineError(f"expected a Spark DataFrame, got {type(df).__name__}")
    settings = checked_settings(resolver, model, threads, replace, min_confidence)
    settings.locate()  # here, once, rather than a failure in every task
    require_column(text_column, df.columns, None, "text", "the DataFrame")
    check_columns(df.columns, None)
    return with_results(df, text_column, settings)


def with_results(df: DataFrame, text_column: str, settings: RowSettings) -> DataFrame:
    """:func:`resolve_column` for settings already checked (the batch engine's entry)."""
    text = F.col(_quoted(text_column))
    dtype = df.schema[text_column].dataType
    if isinstance(dtype, T.StringType):
        results = df.withColumn(_RESULT, _resolve_udf(settings)(text))
        fields = {name: F.col(_RESULT).getField(name) for name in OUTPUT_COLUMNS}
        return results.withColumns(fields).drop(_RESULT)
    # No text in the whole column: every row fails the way the local engine's rows do.
    return df.withColumns(
        {
            "resolved_text": F.lit(None).cast(T.StringType()),
            "clusters": F.lit(None).cast(T.StringType()),
            "n_replacements": F.lit(None).cast(T.LongType()),
            "error": _not_a_text(text, dtype),
        }
    )


def result_schema() -> T.StructType:
    """The Spark types of the added columns (those of the Parquet output of ``corefine batch``)."""
    types = {"n_replacements": T.LongType()}
    return T.StructType([T.StructField(n, types.get(n, T.StringType())) for n in OUTPUT_COLUMNS])


def _quoted(name: str) -> str:
    """``name`` as a Spark column reference, even with dots or backticks in it."""
    return "`" + name.replace("`", "``") + "`"


def _not_a_text(text: Column, dtype: T.DataType) -> Column:
    """The ``error`` of a row whose text column is not a string column."""
    missing = text.isNull()
    if isinstance(dtype, (T.FloatType, T.DoubleType)):
        missing = missing | F.isnan(text)
    if isinstance(dtype, T.BinaryType):
        message = "text is bytes, not a string; decode it first"
    else:
        name = _PYTHON_NAMES.get(type(dtype), dtype.simpleString())
        message = f"text is not a string but {name}"
    return F.when(missing, F.lit("text is missing")).otherwise(F.lit(message))


def _resolve_udf(settings: RowSettings) -> Callable[[Column], Column]:
    """The pandas UDF: a batch of texts → a struct of the four results per text.

    Marked non-deterministic so that Spark's optimizer does not inline it
    once per result field (which would run the model four times per row).
    """

    def resolve_texts(texts: pd.Series) -> pd.DataFrame:
        return resolve_batch(settings, texts)

    udf = F.pandas_udf(resolve_texts, result_schema())  # type: ignore[call-overload]
    return udf.asNondeterministic()


# The resolvers of this Python worker process, built on first use.
_RESOLVERS: dict[RowSettings, RowResolver] = {}


def resolver_for(settings: RowSettings) -> RowResolver:
    """This process's resolver for ``settings``: the model is loaded once per process."""
    resolver = _RESOLVERS.get(settings)
    if resolver is None:
        resolver = _RESOLVERS[settings] = RowResolver(settings)
    return resolver


def resolve_batch(settings: RowSettings, texts: pd.Series) -> pd.DataFrame:
    """The four output columns of a batch of texts, as the pandas UDF returns them."""
    values = texts.tolist()
    results = resolver_for(settings).resolve_many(values) if values else []
    return pd.DataFrame(
        {
            "resolved_text": pd.Series([r.resolved_text for r in results], dtype=object),
            "clusters": pd.Series([r.clusters for r in results], dtype=object),
            "n_replacements": pd.array([r.n_replacements for r in results], dtype="Int64"),
            "error": pd.Series([r.error for r in results], dtype=object),
        }
    )


__all__ = ["resolve_column", "result_schema"]
