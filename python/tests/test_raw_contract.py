"""The minimal raw contract (docs/raw_contract.md): the sources YAML marks the required
columns, the base models read the rest as optional, unit tests do not depend on which
optional columns a warehouse has, and a world holding only the required columns, in the
loaders' types, with the optional tables switched off, builds with every test passing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml
from dbt_world import BuiltWarehouse, build, generate, minimal_vars, strip_to_minimal, world_path

from emergence.contract import base_model_reads, declared_tables
from emergence.dbt_docs import doc_blocks
from emergence.paths import project_dir

# Columns every Fivetran Salesforce table may carry that the YAML does not declare.
UNDECLARED_OPTIONAL = {"_fivetran_deleted"}


def test_each_base_model_requires_exactly_the_yaml_marks() -> None:
    declared = declared_tables()
    reads = base_model_reads()
    assert set(reads) == set(declared)
    for key, (required, optional) in reads.items():
        marked = {c.name for c in declared[key] if c.required}
        assert set(required) == marked, key
        names = {c.name for c in declared[key]}
        assert set(optional) - names <= UNDECLARED_OPTIONAL, key
        assert not set(required) & set(optional), key


def test_every_table_requires_few_columns() -> None:
    # The minimal contract: a key (or the columns a key is derived from), the event time,
    # the loaded-at stamp and join keys. A long list means something optional crept in.
    for key, columns in declared_tables().items():
        required = [c.name for c in columns if c.required]
        assert 2 <= len(required) <= 7, (key, required)


def test_declared_columns_read_their_descriptions_as_dbt_renders_them() -> None:
    # A description shared by several columns is a doc block; the contract reads its text.
    columns = {(*key, c.name): c for key, cs in declared_tables().items() for c in cs}
    assert all(c.description and "{{" not in c.description for c in columns.values())
    blocks = doc_blocks()
    assert columns[("segment", "pages", "context_ip")].description == blocks["raw_visitor_ip"]
    assert (
        columns[("marketo", "activity_visit_webpage", "client_ip_address")].description
        == blocks["raw_visitor_ip"]
    )


def _source_fixtures() -> list[tuple[str, str, set[str]]]:
    found = []
    for path in (project_dir() / "models" / "staging").glob("*/_*__models.yml"):
        for test in yaml.safe_load(path.read_text()).get("unit_tests", []):
            for given in test["given"]:
                match = re.fullmatch(r"source\('(\w+)', '(\w+)'\)", given["input"])
                if match and given.get("format", "dict") == "dict":
                    names = {name for row in given["rows"] for name in row}
                    found.append((test["name"], match.groups(), names))
    return found


def test_source_fixtures_name_every_column_their_model_reads() -> None:
    # In a unit test select_source reads every column from the fixture by name, so that the
    # test does not depend on which optional columns the warehouse has (get_fixture_sql).
    reads = base_model_reads()
    fixtures = _source_fixtures()
    assert fixtures
    for name, key, names in fixtures:
        required, optional = reads[key]
        assert set(required + optional) <= names, (name, set(required + optional) - names)


@pytest.fixture(scope="module")
def minimal_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """A small generated world reduced to the minimal contract (not yet built)."""
    work = tmp_path_factory.mktemp("minimal_world")
    database = generate(world_path(work, "minimal"), accounts=20, days=30)
    return database, strip_to_minimal(database)


@pytest.fixture(scope="module")
def minimal_warehouse(minimal_world: tuple[Path, dict[str, list[str]]]) -> BuiltWarehouse:
    database, _ = minimal_world
    # unit tests included: every unit test must pass on any warehouse that meets the contract
    return build(database, database.parent, dbt_vars=minimal_vars(), checks="all")


@pytest.mark.dbt
@pytest.mark.own_world
def test_minimal_schema_world_builds_with_every_test(minimal_warehouse: BuiltWarehouse) -> None:
    output = minimal_warehouse.result.stdout
    assert "ERROR=0" in output, output[-3000:]
    assert re.search(r"Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0", output), output[-3000:]
    assert "unit_test" in output or "unit test" in output
    assert minimal_warehouse.query("select count(*) from marts.fct_touches")[0][0] > 0


# --- the doctor ---------------------------------------------------------------------------


def _doctor(database: Path, work: Path, dbt_vars: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs")}
    command = [str(Path(sys.executable).with_name("emergence")), "doctor", "--database", str(database)]
    command += ["--vars", json.dumps(dbt_vars)]
    return subprocess.run(command, cwd=project_dir(), env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def doctor_on_minimal(minimal_world: tuple[Path, dict[str, list[str]]]) -> subprocess.CompletedProcess:
    database, _ = minimal_world
    copy = database.with_name("doctor_minimal.duckdb")
    shutil.copy(database, copy)
    return _doctor(copy, database.parent / "doctor_minimal", minimal_vars())


@pytest.fixture(scope="module")
def doctor_on_broken(minimal_world: tuple[Path, dict[str, list[str]]]) -> subprocess.CompletedProcess:
    """The minimal world without segment.tracks and without marketo.lead's email."""
    database, _ = minimal_world
    broken = database.with_name("doctor_broken.duckdb")
    shutil.copy(database, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("drop table segment.tracks")
        con.execute("alter table marketo.lead drop column email")
    return _doctor(broken, database.parent / "doctor_broken", minimal_vars())


@pytest.mark.dbt
@pytest.mark.own_world
def test_doctor_passes_the_minimal_world_and_lists_optional_columns(
    doctor_on_minimal: subprocess.CompletedProcess,
) -> None:
    output = doctor_on_minimal.stdout + doctor_on_minimal.stderr
    assert doctor_on_minimal.returncode == 0, output[-3000:]
    assert "emergence doctor: dbt build will run." in output
    assert "salesforce.campaign_member: switched off" in output
    assert "segment.pages: found" in output
    ranges = output.split("reverse_ip.ip_company_ranges: found", 1)[1].splitlines()[1]
    assert "lacks optional column(s)" in ranges and "range_id" in ranges and "_loaded_at" in ranges
    assert "lacks required" not in output


@pytest.mark.dbt
@pytest.mark.own_world
def test_doctor_stops_on_a_missing_table_and_a_missing_required_column(
    doctor_on_broken: subprocess.CompletedProcess,
) -> None:
    output = doctor_on_broken.stdout + doctor_on_broken.stderr
    assert doctor_on_broken.returncode == 1, output[-3000:]
    assert "segment.tracks: MISSING" in output
    assert "emergence__using_segment_tracks: false" in output
    lead = output.split("marketo.lead: found", 1)[1].splitlines()[1]
    assert "lacks required column(s) email" in lead
    assert "emergence__using_marketo_lead: false" in lead
    assert "dbt build would stop on 2 table(s): marketo.lead, segment.tracks" in output
    assert "Traceback" not in output
