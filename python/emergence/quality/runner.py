"""Runs the suites: each table is read read-only from the DuckDB warehouse into a pandas
frame and validated by Great Expectations; results and Data Docs go to ``quality_dir``.

GX validates pandas frames here, not SQL: its SQL datasource on DuckDB closes the
connection before fetching (DECISIONLOG, 2026-11-29). A table larger than
``sample_rows`` is validated on a repeatable reservoir sample of that many rows (volumes
are counted on the whole table).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from emergence.quality.spec import Project, TableSuite

LAYERS = ("raw", "staging", "marts")
SAMPLE_SEED = 42


@dataclass
class CheckResult:
    layer: str
    suite: str
    column: str | None
    expectation: str
    severity: str
    success: bool
    unexpected_count: int = 0
    element_count: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def message(self) -> str:
        where = f"{self.suite}" + (f".{self.column}" if self.column else "")
        if self.error:
            return f"{where}: {self.expectation}: {self.error}"
        counted = f"{self.unexpected_count:,} of {self.element_count:,} rows" if self.element_count else ""
        shown = "; ".join(", ".join(f"{k}={v}" for k, v in row.items()) for row in self.examples[:3])
        return (
            f"{where}: {self.expectation} failed"
            + (f" on {counted}" if counted else "")
            + (f"; e.g. {shown}" if shown else "")
        )


@dataclass
class QualityReport:
    results: list[CheckResult]
    quality_dir: Path
    seconds: float

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success and r.severity == "error"]

    @property
    def warnings(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success and r.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def counts_by_layer(self) -> dict[str, tuple[int, int, int]]:
        """layer -> (expectations, failed, warned)."""
        counts: dict[str, list[int]] = {}
        for r in self.results:
            row = counts.setdefault(r.layer, [0, 0, 0])
            row[0] += 1
            row[1] += int(not r.success and r.severity == "error")
            row[2] += int(not r.success and r.severity != "error")
        return {layer: (a, b, c) for layer, (a, b, c) in counts.items()}


def default_suites(project: Project, layers: tuple[str, ...] = LAYERS) -> list[TableSuite]:
    from emergence.quality import marts, raw, staging

    modules = {"raw": raw, "staging": staging, "marts": marts}
    return [suite for layer in layers for suite in modules[layer].suites(project)]


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str] | None:
    try:
        return [row[0] for row in con.execute(f"describe {relation}").fetchall()]
    except duckdb.Error:
        return None


def _frame(con: duckdb.DuckDBPyConnection, suite: TableSuite, sample_rows: int) -> pd.DataFrame | str:
    """The frame to validate, or a message saying why there is none."""
    if suite.volumes:
        rows = []
        for relation in suite.volumes:
            if _columns(con, relation) is not None:
                rows.append((relation, con.execute(f"select count(*) from {relation}").fetchone()[0]))
        return pd.DataFrame(rows, columns=["raw_table", "row_count"])
    columns = _columns(con, suite.relation)
    if columns is None:
        return f"relation {suite.relation} was not found in the warehouse"
    extra = "".join(f', cast("{c}" as varchar) as "{c}__text"' for c in suite.text_columns if c in columns)
    count = con.execute(f"select count(*) from {suite.relation}").fetchone()[0]
    sample = ""
    if count > sample_rows:
        sample = f" using sample reservoir({sample_rows} rows) repeatable ({SAMPLE_SEED})"
    return con.execute(f"select *{extra} from {suite.relation}{sample}").df()


def _examples(frame: pd.DataFrame, suite: TableSuite, column: str | None, result: dict) -> list[dict]:
    indexes = result.get("partial_unexpected_index_list") or []
    shown = [c for c in (*suite.key, column) if c and c in frame.columns]
    if indexes and shown:
        rows = frame.loc[[i for i in indexes[:3] if i in frame.index], list(dict.fromkeys(shown))]
        return [{k: _plain(v) for k, v in row.items()} for row in rows.to_dict("records")]
    values = result.get("partial_unexpected_list") or result.get("observed_value")
    if values is None:
        return []
    values = values if isinstance(values, list) else [values]
    return [{column or "observed": _plain(v)} for v in values[:3]]


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def run_quality(
    database: Path,
    quality_dir: Path | None = None,
    layers: tuple[str, ...] = LAYERS,
    suites: list[TableSuite] | None = None,
    sample_rows: int = 100_000,
    data_docs: bool = True,
) -> QualityReport:
    """Validate every suite of ``layers`` on ``database`` (opened read-only).

    Writes ``results.json`` and GX's Data Docs under ``quality_dir`` (default: the
    warehouse folder's ``quality/``), replacing the previous run's.
    """
    started = time.perf_counter()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    quality_dir = quality_dir or database.parent / "quality"
    suites = suites if suites is not None else default_suites(Project(), layers)
    gx_root = quality_dir / "gx"
    shutil.rmtree(gx_root, ignore_errors=True)
    gx_root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    datasource = context.data_sources.add_pandas("emergence")

    results: list[CheckResult] = []
    with duckdb.connect(str(database), read_only=True) as con:
        for number, suite in enumerate(suites):
            frame = _frame(con, suite, sample_rows)
            if isinstance(frame, str):
                missing = CheckResult(suite.layer, suite.name, None, "table exists", "error", False)
                missing.error = frame
                results.append(missing)
                continue
            name = re.sub(r"[^A-Za-z0-9_]+", "_", f"{number:03d}_{suite.name}")
            asset = datasource.add_dataframe_asset(name=name)
            batch = asset.add_batch_definition_whole_dataframe("whole")
            gx_suite = context.suites.add(gx.ExpectationSuite(name=name))
            by_id = {}
            for item in dict.fromkeys(suite.checks):
                expectation = getattr(gx.expectations, item.expectation)(**item.kwargs)
                expectation.meta = {"severity": item.severity}
                by_id[gx_suite.add_expectation(expectation).id] = item
            validation = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=gx_suite)
            )
            outcome = validation.run(
                batch_parameters={"dataframe": frame},
                result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5},
            )
            for checked in outcome.results:
                item = by_id[checked.expectation_config.id]
                result = checked.result or {}
                column = item.kwargs.get("column") or item.kwargs.get("column_A")
                error = None
                if checked.exception_info and checked.exception_info.get("raised_exception"):
                    error = str(checked.exception_info.get("exception_message"))[:300]
                results.append(
                    CheckResult(
                        layer=suite.layer,
                        suite=suite.name,
                        column=column,
                        expectation=item.describe(),
                        severity=item.severity,
                        success=bool(checked.success),
                        unexpected_count=int(result.get("unexpected_count") or 0),
                        element_count=int(result.get("element_count") or 0),
                        examples=[] if checked.success else _examples(frame, suite, column, result),
                        error=error,
                    )
                )
    if data_docs:
        context.build_data_docs()
    report = QualityReport(results, quality_dir, time.perf_counter() - started)
    (quality_dir / "results.json").write_text(
        json.dumps(
            {
                "database": str(database),
                "ok": report.ok,
                "layers": sorted({suite.layer for suite in suites}),
                "seconds": round(report.seconds, 2),
                "results": [asdict(r) for r in results],
            },
            indent=2,
            default=str,
        )
    )
    return report


def data_docs_index(quality_dir: Path) -> Path:
    return quality_dir / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
