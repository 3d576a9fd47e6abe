"""The tables in ``docs/`` that are written from the files holding their facts.

Each generated section sits between ``<!-- name:begin -->`` and ``<!-- name:end -->``, so its
facts keep one home: the sources YAML for the raw contract, the ``scoring_parameters`` seed
for the score's parameters, the ``dq_reasons`` seed for the rejection reasons.
``python -m emergence.docgen`` rewrites every section, and a test fails when one is stale.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

from emergence import contract
from emergence.paths import project_dir


def parameters_markdown() -> str:
    """The ``default`` set of the scoring_parameters seed, as docs/emergence_score.md shows it."""
    with (project_dir() / "seeds" / "scoring" / "scoring_parameters.csv").open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["parameter_set"] == "default"]
    lines = ["| parameter | default | meaning |", "|---|---|---|"]
    lines += [f"| `{row['parameter']}` | {row['value']} | {row['note']} |" for row in rows]
    return "\n".join(lines) + "\n"


def dq_reasons_markdown(layer: str) -> Callable[[], str]:
    """The reasons one layer rejects a row for, from the dq_reasons seed."""

    def render() -> str:
        with (project_dir() / "seeds" / "reference" / "dq_reasons.csv").open(newline="") as handle:
            rows = [row for row in csv.DictReader(handle) if row["rejected_layer"] == layer]
        lines = ["| reason | rule |", "|---|---|"]
        lines += [f"| `{row['dq_reason']}` | {row['rule']} |" for row in rows]
        return "\n".join(lines) + "\n"

    return render


SECTIONS: dict[str, tuple[str, Callable[[], str]]] = {
    "contract-summary": ("docs/raw_contract.md", contract.render_summary),
    "contract": ("docs/raw_contract.md", contract.render_markdown),
    "parameters": ("docs/emergence_score.md", parameters_markdown),
    "dq-reasons-staging": ("docs/data_quality.md", dq_reasons_markdown("staging")),
    "dq-reasons-intermediate": ("docs/data_quality.md", dq_reasons_markdown("intermediate")),
}


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def _split(name: str) -> tuple[Path, str, str, str]:
    """A section's file, and its text before, inside and after the markers."""
    path = project_dir() / SECTIONS[name][0]
    begin, end = markers(name)
    head, rest = path.read_text().split(begin, 1)
    body, tail = rest.split(end, 1)
    return path, head, body, tail


def current(name: str) -> str:
    """What the section holds now."""
    return _split(name)[2]


def rendered(name: str) -> str:
    """What the section should hold."""
    return "\n" + SECTIONS[name][1]()


def write_all() -> list[Path]:
    """Rewrite every generated section; returns the files written."""
    written = []
    for name in SECTIONS:
        path, head, _, tail = _split(name)
        begin, end = markers(name)
        path.write_text(f"{head}{begin}{rendered(name)}{end}{tail}")
        written.append(path)
    return sorted(set(written))


if __name__ == "__main__":
    sys.stdout.write("".join(f"wrote {path}\n" for path in write_all()))
