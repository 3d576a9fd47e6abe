"""The key of the keyed hash that stands for an email or a name in the marts.

One home for the key's environment variable, its DuckDB session variable and the demo key
(README, "Personal data"). The key is read from the environment when a DuckDB connection
opens and is set as a session variable with a bound parameter, so no SQL text, compiled
model or dbt log holds it (docs/data_quality.md#pii).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import MutableMapping

import duckdb

# The DBT_ENV_SECRET_ prefix makes dbt scrub the value from every log line it writes, and
# refuse it in model SQL, where it would land in target/.
PII_KEY_ENV = "DBT_ENV_SECRET_EMERGENCE_PII_KEY"
# The DuckDB session variable the keyed-hash macro reads (macros/privacy/pii_key.sql).
PII_KEY_VARIABLE = "emergence_pii_key"
# The demo's key: public, so a demo warehouse is pseudonymised only against readers who
# have not read this file. Real data needs a key of its own.
DEMO_PII_KEY = "emergence-demo-key-not-secret"
MISSING_KEY_MESSAGE = (
    f"emergence: no key for the keyed hash of personal data. Set {PII_KEY_ENV} to a long random "
    f"secret (for example: export {PII_KEY_ENV}=$(openssl rand -hex 32)); README, 'Personal data'."
)


class MissingPiiKeyError(RuntimeError):
    """No key in the environment: the build must not hash emails without one."""


def pii_key(environ: MutableMapping[str, str] | None = None) -> str:
    """The key from the environment; raises :class:`MissingPiiKeyError` when it is unset or empty."""
    key = (os.environ if environ is None else environ).get(PII_KEY_ENV, "")
    if not key:
        raise MissingPiiKeyError(MISSING_KEY_MESSAGE)
    return key


def with_demo_key(environ: MutableMapping[str, str]) -> bool:
    """Set the demo key in ``environ`` unless it holds one; returns whether it did.

    The demo, the tests and the bench call this, so they build without setup; a warning on
    stderr says the warehouse is keyed with a public key.
    """
    if environ.get(PII_KEY_ENV):
        return False
    environ[PII_KEY_ENV] = DEMO_PII_KEY
    print(
        f"emergence: {PII_KEY_ENV} is not set; using the public demo key. Set your own before "
        "building real data (README, 'Personal data').",
        file=sys.stderr,
    )
    return True


def keyed_hash(value: str, key: str) -> str:
    """The keyed hash in Python, as the dbt macro keyed_hash computes it: SHA-256 of the key,
    '|' and the value, as lowercase hex (for hand-made test worlds)."""
    return hashlib.sha256(f"{key}|{value}".encode()).hexdigest()


def set_key_variable(con: duckdb.DuckDBPyConnection, key: str) -> None:
    """Set the key as the session variable the macros read, as a bound parameter."""
    con.execute(f"set variable {PII_KEY_VARIABLE} = ?", [key])
