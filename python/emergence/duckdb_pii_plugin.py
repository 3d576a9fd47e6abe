"""A dbt-duckdb plugin that gives every DuckDB cursor dbt opens the key of the keyed hash.

profiles.yml names this module under ``plugins``. dbt-duckdb calls ``configure_cursor`` on
each cursor (one per thread; a DuckDB cursor does not inherit its parent's variables). The
key goes from the environment to a session variable as a bound parameter, so dbt never
renders it: compiled SQL names ``getvariable('emergence_pii_key')``, not the key.
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from emergence.pii_key import pii_key, set_key_variable


class Plugin(BasePlugin):
    """Sets the session variable; without a key, the first connection fails with how to set one."""

    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self._key = pii_key()

    def configure_connection(self, conn) -> None:
        set_key_variable(conn, self._key)

    def configure_cursor(self, cursor) -> None:
        set_key_variable(cursor, self._key)
