"""The keyed hash of personal data (README, "Personal data").

Hashing a list of known addresses without the key finds no person in the marts; the key is
in no artifact a build leaves (target/, logs, the published snapshot); a build without a key
stops and says how to set one; another key gives other pseudonyms for the same people; the
validation's recomputation is the macro's compiled SQL.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from dbt_world import BuiltWarehouse, build, compiled_macro, parsed_target, world_path

from emergence.dbt import dbt_env, dbt_executable
from emergence.paths import project_dir
from emergence.pii_key import DEMO_PII_KEY, MISSING_KEY_MESSAGE, PII_KEY_ENV, set_key_variable
from emergence.publish import publish
from emergence.sqlfiles import load_sql
from emergence.validate import common

pytestmark = pytest.mark.dbt

# Every mart column that holds a person's hash.
HASHED_COLUMNS = [
    ("marts.dim_people", "person_key"),
    ("marts.dim_people", "email"),
    ("marts.fct_touches", "person_key"),
    ("marts.fct_lead_stage_history", "person_key"),
]


def _known_addresses(database: Path) -> list[str]:
    """The addresses an attacker holds: every email the world's people and CRM rows carry."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select distinct lower(trim(email)) from synth_truth.people where email is not null "
            "union select distinct lower(trim(email)) from salesforce.contact where email is not null"
        ).fetchall()
    return [email for (email,) in rows]


def _hashes_in_marts(database: Path) -> set[str]:
    with duckdb.connect(str(database), read_only=True) as con:
        found: set[str] = set()
        for table, column in HASHED_COLUMNS:
            found |= {v for (v,) in con.execute(f"select distinct {column} from {table}").fetchall()}
    return found


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_list_of_addresses_hashed_without_the_key_matches_nobody(small_warehouse: BuiltWarehouse) -> None:
    emails = _known_addresses(small_warehouse.database)
    in_marts = _hashes_in_marts(small_warehouse.database)
    assert len(emails) > 100 and len(in_marts) > 100
    unkeyed = {hashlib.md5(e.encode()).hexdigest() for e in emails} | {_sha256(e) for e in emails}
    wrong_key = {_sha256(f"not-the-key|{e}") for e in emails}
    assert not unkeyed & in_marts
    assert not wrong_key & in_marts
    # The control: with the key the same list finds people, so the test looks where they are.
    keyed = {_sha256(f"{DEMO_PII_KEY}|{e}") for e in emails}
    assert len(keyed & in_marts) > 100


def _files_holding(folder: Path, needle: bytes) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_the_key_is_in_no_artifact(small_warehouse: BuiltWarehouse, tmp_path: Path) -> None:
    work = small_warehouse.target.parent
    assert (work / "target" / "manifest.json").exists() and (work / "logs" / "dbt.log").exists()
    assert (work / "target" / "run").is_dir() and (work / "target" / "compiled").is_dir()
    needle = DEMO_PII_KEY.encode()
    assert _files_holding(work / "target", needle) == []
    assert _files_holding(work / "logs", needle) == []
    database = tmp_path / "warehouse" / "emergence.duckdb"
    database.parent.mkdir()
    shutil.copy(small_warehouse.database, database)
    snapshot = publish(database)
    assert _files_holding(database.parent / "published", needle) == [], snapshot
    # Nor in the warehouse file: a session variable is never stored.
    assert needle not in database.read_bytes()


def test_compiled_models_name_the_variable_not_the_key(small_warehouse: BuiltWarehouse) -> None:
    compiled = (small_warehouse.target / "run").rglob("dim_people.sql")
    text = next(compiled).read_text()
    assert "sha256(getvariable('emergence_pii_key') || '|'" in text


def test_a_build_without_a_key_stops_and_says_how_to_set_one(tmp_path: Path) -> None:
    env = dbt_env(tmp_path / "warehouse.duckdb")
    env.pop(PII_KEY_ENV)
    env["DBT_TARGET_PATH"] = str(tmp_path / "target")
    env["DBT_LOG_PATH"] = str(tmp_path / "logs")
    shutil.copytree(parsed_target(), tmp_path / "target")
    result = subprocess.run(
        [dbt_executable(), "build", "--select", "emergence_tiers", "--project-dir", str(project_dir())],
        cwd=tmp_path,
        env={**env, "EMERGENCE_DUCKDB_PATH": "warehouse.duckdb"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert PII_KEY_ENV in result.stdout and "openssl rand" in result.stdout, result.stdout[-2000:]
    assert MISSING_KEY_MESSAGE.startswith("emergence: no key")


def test_validation_recomputes_the_key_with_the_compiled_macro(small_warehouse: BuiltWarehouse) -> None:
    """truth_person_key is the compiled SQL of email_person_key, and gives the marts' keys."""
    compiled = compiled_macro(
        "{{ emergence.email_person_key('lower(trim(email))') }}",
        small_warehouse.database,
        small_warehouse.target.parent / "t2",
    )
    assert compiled in " ".join(load_sql(common.__file__, "truth_person_key").split())
    with duckdb.connect(str(small_warehouse.database), read_only=True) as con:
        common.define_macros(con)
        missing = con.execute(
            "select count(*) from marts.dim_people as people "
            "where people.email is not null and people.person_key not in "
            "(select truth_person_key(email) from salesforce.contact "
            " union select truth_person_key(email) from salesforce.lead "
            " union select truth_person_key(email) from marketo.lead)"
        ).fetchone()
    assert missing == (0,)


def _people(database: Path) -> tuple[set[str], list[tuple]]:
    """dim_people's keys, and its rows with the hashed columns left out."""
    with duckdb.connect(str(database), read_only=True) as con:
        keys = {key for (key,) in con.execute("select person_key from marts.dim_people").fetchall()}
        rows = con.execute(
            "select * exclude (person_key, email, first_name, last_name) from marts.dim_people order by all"
        ).fetchall()
    return keys, rows


def test_another_key_gives_other_person_keys_and_the_same_people(
    small_warehouse: BuiltWarehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = world_path(tmp_path, "rekeyed")
    database.parent.mkdir()
    shutil.copy(small_warehouse.database, database)
    monkeypatch.setenv(PII_KEY_ENV, "another-key-for-the-test")
    build(database, database.parent, args=["run", "--select", "+dim_people", "--full-refresh"])
    keys, rows = _people(small_warehouse.database)
    other_keys, other_rows = _people(database)
    assert len(keys) > 100 and len(other_keys) == len(keys)
    assert not keys & other_keys
    assert other_rows == rows  # the same people, accounts and attributes; only the pseudonyms moved
    emails = _known_addresses(database)
    assert len({_sha256(f"another-key-for-the-test|{e}") for e in emails} & other_keys) > 100


def test_the_session_variable_is_set_as_a_parameter() -> None:
    con = duckdb.connect()
    set_key_variable(con, "a'key; drop table x")
    assert con.execute("select getvariable('emergence_pii_key')").fetchone() == ("a'key; drop table x",)
