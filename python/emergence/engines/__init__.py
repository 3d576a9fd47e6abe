"""Engines other than DuckDB, proven for real: a throwaway PostgreSQL server
(``postgres``), a local Spark session in this process (``spark``), and the check that
another engine's marts equal DuckDB's (``compare``).

Python models run on DuckDB only. Until each has a SQL twin, the other engines build
everything else: the selector below (selectors.yml) leaves out the Python models and the
models built on them.
"""

SQL_ONLY_SELECTOR = "without_python_models"
