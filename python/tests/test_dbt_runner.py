"""How the package calls dbt: the arguments of a build, and the reused parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from emergence import cli
from emergence.dbt import DAILY_EXCLUDE, PARTIAL_PARSE_FILE, build_args, reuse_parse


def test_build_args_leave_unit_tests_out_only_when_asked() -> None:
    assert build_args() == ["build"]
    assert build_args(full_refresh=True, unit_tests=False) == [
        "build", "--full-refresh", "--exclude-resource-type", "unit_test",
    ]  # fmt: skip
    assert build_args(as_of_date="2026-06-30") == ["build", "--vars", '{"as_of_date": "2026-06-30"}']


def test_build_args_of_the_daily_run_set_the_var_and_leave_seed_tests_out() -> None:
    args = build_args(unit_tests=False, daily_checks=True, as_of_date="2026-06-30")
    assert args[:3] == ["build", "--exclude-resource-type", "unit_test"]
    assert args[3:-2] == DAILY_EXCLUDE
    assert args[-2:] == ["--vars", '{"daily_checks": true, "as_of_date": "2026-06-30"}']
    with pytest.raises(ValueError, match="full refresh"):
        build_args(full_refresh=True, daily_checks=True)


def test_reuse_parse_copies_the_partial_parse_file(tmp_path: Path) -> None:
    parsed, run = tmp_path / "parsed", tmp_path / "runs" / "one"
    assert not reuse_parse(parsed, run)  # nothing parsed yet: dbt parses from scratch
    parsed.mkdir()
    (parsed / PARTIAL_PARSE_FILE).write_bytes(b"\x00parsed")
    assert reuse_parse(parsed, run)
    assert (run / PARTIAL_PARSE_FILE).read_bytes() == b"\x00parsed"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["build"]),
        (["--no-unit-tests"], ["build", "--exclude-resource-type", "unit_test"]),
        (
            ["--full-refresh", "--select", "fct_touches"],
            ["build", "--full-refresh", "--select", "fct_touches"],
        ),
        (["--daily-checks"], ["build", *DAILY_EXCLUDE, "--vars", '{"daily_checks": true}']),
    ],
)
def test_cli_build_passes_its_options_to_dbt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, options: list[str], expected: list[str]
) -> None:
    calls = []
    monkeypatch.setattr(cli, "_dbt_or_exit", lambda args, database: calls.append((args, database)))
    result = CliRunner().invoke(cli.app, ["build", "--database", str(tmp_path / "w.duckdb"), *options])
    assert result.exit_code == 0, result.output
    assert calls == [(expected, tmp_path / "w.duckdb")]
