"""The ``defs`` that ``dagster dev -m emergence.orchestration.definitions`` loads.

Loading parses the dbt project once (``dbt parse``), so the assets always match the code
on disk; the warehouse is ``$EMERGENCE_DUCKDB_PATH`` (default warehouse/emergence.duckdb).
"""

from emergence.orchestration.assets import build_definitions

defs = build_definitions()
