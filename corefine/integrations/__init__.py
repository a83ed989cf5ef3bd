"""corefine inside other libraries' pipelines, each an optional extra.

- :mod:`corefine.integrations.spacy`: ``nlp.add_pipe("corefine")``
  (``pip install 'corefine[spacy]'``; registered through the ``spacy_factories``
  entry point);
- :mod:`corefine.integrations.spark`: ``resolve_column(df, "text")`` on a Spark
  DataFrame (``pip install 'corefine[spark]'``); ``corefine batch --engine spark``
  runs the same pandas UDF.

Why a package of their own: each module imports its library at import time, so
nothing else in corefine imports them, and this package imports neither:
``import corefine`` (or ``corefine.integrations``) never loads spaCy or pyspark.
"""
