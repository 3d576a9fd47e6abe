"""Dagster orchestration of the project (the optional ``orchestration`` extra).

``build_definitions`` returns the Dagster ``Definitions``: the dbt models as assets with
their tests as asset checks, the Great Expectations suites of each layer as blocking asset
checks, the published snapshot as the last asset, a daily schedule, a full-refresh job and
the demo world generator as a job of its own. ``emergence.orchestration.definitions`` holds
the ``defs`` that ``dagster dev`` loads (``make orchestrate``). docs/orchestration.md
explains the choices.
"""

from emergence.orchestration.assets import build_definitions

__all__ = ["build_definitions"]
