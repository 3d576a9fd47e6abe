"""The layout rules of STYLE.md that a reader feels first: functions about a screen long,
models that do one job. Long ones are listed, with their reason, in size_allowlist.yml;
the list may only shrink."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import yaml

from emergence import docgen
from emergence.paths import project_dir
from emergence.scoring.emergence import TIERS
from emergence.synth import vocab

MAX_FUNCTION_LINES = 80
MAX_MODEL_LINES = 150
ALLOWLIST = Path(__file__).with_name("size_allowlist.yml")


def function_lengths() -> dict[str, int]:
    """Every function of the package, as ``path::name``, with its length in lines."""
    root = project_dir()
    lengths: dict[str, int] = {}
    for path in sorted((root / "python" / "emergence").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                key = f"{relative}::{node.name}"
                lengths[key] = max(lengths.get(key, 0), node.end_lineno - node.lineno + 1)
    return lengths


def model_lengths() -> dict[str, int]:
    root = project_dir()
    return {
        path.relative_to(root).as_posix(): len(path.read_text().splitlines())
        for path in sorted((root / "models").rglob("*"))
        if path.suffix in {".sql", ".py"}
    }


def size_problems(lengths: dict[str, int], allowed: dict[str, dict], limit: int) -> list[str]:
    problems = []
    for name, length in lengths.items():
        entry = allowed.get(name)
        if entry is None and length > limit:
            problems.append(f"{name} has {length} lines (limit {limit}): split it, or list it with a reason")
        elif entry is not None and length > entry["lines"]:
            problems.append(f"{name} grew from {entry['lines']} to {length} lines")
        elif entry is not None and length <= limit:
            problems.append(f"{name} is {length} lines, within the limit: delete its allow-list line")
    problems += [f"{name} is listed but does not exist" for name in allowed.keys() - lengths.keys()]
    return problems


def test_size_problems_reports_each_kind() -> None:
    allowed = {
        "a": {"lines": 100, "why": "x"},
        "b": {"lines": 100, "why": "x"},
        "gone": {"lines": 90, "why": "x"},
    }
    problems = size_problems({"a": 101, "b": 50, "c": 81, "d": 80}, allowed, 80)
    assert [p.split()[0] for p in problems] == ["a", "b", "c", "gone"]


def test_functions_and_models_fit_a_screen_or_are_listed_with_a_reason() -> None:
    allowed = yaml.safe_load(ALLOWLIST.read_text())
    assert all(entry.get("why") for entry in [*allowed["functions"].values(), *allowed["models"].values()])
    problems = size_problems(function_lengths(), allowed["functions"], MAX_FUNCTION_LINES)
    problems += size_problems(model_lengths(), allowed["models"], MAX_MODEL_LINES)
    assert problems == [], "\n".join(problems)


# --- one home for each vocabulary (STYLE.md) -----------------------------------------------

VOCABULARIES = {
    "tiers": ({"molecule", "drop", "stream", "river"}, "seeds/reference/emergence_tiers.csv"),
    "channels": ({"web", "email", "form", "event", "sales"}, "macros/touches/touch_channels.sql"),
}
QUOTED_WORD = re.compile(r"""['"](\w+)['"]""")
YAML_ITEM = re.compile(r"^\s*-\s+['\"]?(\w+)['\"]?\s*$")


def literal_lists(text: str, words: set[str]) -> list[int]:
    """Line numbers where three or more of ``words`` are written as one list: quoted on one
    line (a Python or Jinja list), or as consecutive YAML items. Prose is not a list."""
    found, run = [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        if len(set(QUOTED_WORD.findall(line)) & words) >= 3:
            found.append(number)
        item = YAML_ITEM.match(line)
        run = run | {item.group(1)} & words if item else set()
        if len(run) >= 3:
            found.append(number)
            run = set()
    return found


def test_literal_lists_finds_lists_not_prose() -> None:
    words = VOCABULARIES["tiers"][0]
    assert literal_lists("x = ['molecule', 'drop', 'stream', 'river']", words) == [1]
    assert literal_lists("values:\n  - molecule\n  - drop\n  - stream\n", words) == [4]
    assert literal_lists("description: molecule, drop, stream or river", words) == []
    assert literal_lists("tier = 'river'\nother = 'drop'", words) == []


def test_each_vocabulary_is_listed_in_its_home_only() -> None:
    root = project_dir()
    files = [
        path
        for folder in ("models", "macros", "tests", "python/emergence")
        for path in sorted((root / folder).rglob("*"))
        if path.suffix in {".sql", ".py", ".yml"}
    ]
    offenders = [
        f"{path.relative_to(root)}:{line} lists the {name} (their home: {home})"
        for name, (words, home) in VOCABULARIES.items()
        for path in files
        if path.relative_to(root).as_posix() != home
        for line in literal_lists(path.read_text(), words)
    ]
    assert offenders == [], "\n".join(offenders)


def test_python_tiers_are_the_seed_in_rank_order() -> None:
    with (project_dir() / VOCABULARIES["tiers"][1]).open(newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["tier_rank"]))
    assert tuple(row["tier"] for row in rows) == TIERS
    assert set(TIERS) == VOCABULARIES["tiers"][0]


def test_the_generator_reads_lead_status_meanings_from_the_seed() -> None:
    # The seed is the meanings' one home: every status the generator writes has a row there,
    # and the statuses it writes to be quarantined as unknown have none.
    meaning = vocab.lead_status_stages()
    assert set(vocab.LEAD_STATUSES) <= set(meaning)
    assert not set(vocab.UNKNOWN_LEAD_STATUSES) & set(meaning)
    assert {meaning[status] for status in vocab.LEAD_STATUSES} >= set(vocab.FUNNEL_STAGES)


def test_no_module_imports_another_modules_private_names() -> None:
    root = project_dir()
    offenders = []
    for path in sorted((root / "python" / "emergence").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("emergence"):
                names = [alias.name for alias in node.names]
                private = [name for name in names if name.startswith("_") and not name.startswith("__")]
                offenders += [f"{path.relative_to(root)} imports {node.module}.{name}" for name in private]
    assert offenders == [], "\n".join(offenders)


# --- a visible DAG order (README, "Model map") -----------------------------------------------

REF = re.compile(r"""\bref\(\s*['"](\w+)['"]\s*\)""")
README_READER = re.compile(r"^- `(int_\w+)` \(`(\w+)/`\)", re.MULTILINE)


def int_models_reading_marts() -> dict[str, str]:
    """Each intermediate model that refs a mart, with its folder under models/intermediate/."""
    models = project_dir() / "models"
    marts = {path.stem for path in (models / "marts").rglob("*") if path.suffix in {".sql", ".py"}}
    return {
        path.stem: path.parent.name
        for path in sorted((models / "intermediate").rglob("*"))
        if path.suffix in {".sql", ".py"} and set(REF.findall(path.read_text())) & marts
    }


def test_readme_lists_the_intermediate_models_that_read_marts() -> None:
    readme = (project_dir() / "README.md").read_text()
    section = readme.split("### Intermediate models that read marts", 1)[1].split("\n#", 1)[0]
    assert dict(README_READER.findall(section)) == int_models_reading_marts()


def test_access_is_set_by_layer() -> None:
    config = yaml.safe_load((project_dir() / "dbt_project.yml").read_text())["models"]["emergence"]
    access = {layer: config[layer].get("+access") for layer in ("staging", "intermediate", "marts")}
    assert access == {"staging": "protected", "intermediate": "protected", "marts": "public"}


def test_generated_doc_sections_match_their_sources() -> None:
    stale = [name for name in docgen.SECTIONS if docgen.current(name) != docgen.rendered(name)]
    assert stale == [], f"stale sections {stale}; run: python -m emergence.docgen"
