"""Great Expectations suites for each layer (raw, staging, marts) and their runner.

The suites are data, reviewed in git: ``raw.py``, ``staging.py`` and ``marts.py`` each
return a list of :class:`~emergence.quality.spec.TableSuite`, one per table, each a list
of expectations. ``run_quality`` loads each table read-only from the warehouse into a
pandas frame, validates it with GX and writes results and Data Docs under
``<warehouse dir>/quality/``.
"""

from emergence.quality.runner import QualityReport, run_quality
from emergence.quality.spec import Check, TableSuite

__all__ = ["Check", "QualityReport", "TableSuite", "run_quality"]
