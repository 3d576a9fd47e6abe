"""The layout rules of STYLE.md that a reader feels first: functions about a screen long,
models that do one job. Long ones are listed, with their reason, in size_allowlist.yml;
the list may only shrink."""

from __future__ import annotations

import ast
import csv
import re
from collections import Counter
from pathlib import Path

import yaml

from emergence import dbt_docs, docgen
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

DQ_REASONS = "seeds/reference/dq_reasons.csv"
VOCABULARIES = {
    "tiers": ({"molecule", "drop", "stream", "river"}, "seeds/reference/emergence_tiers.csv"),
    "channels": ({"web", "email", "form", "event", "sales", "social"}, "macros/touches/touch_channels.sql"),
    "rejection reasons": (
        {row["dq_reason"] for row in csv.DictReader((project_dir() / DQ_REASONS).open())},
        DQ_REASONS,
    ),
}
QUOTED_WORD = re.compile(r"""['"](\w+)['"]""")
FLOW_LIST = re.compile(r"\[([^\[\]]*)\]")
YAML_ITEM = re.compile(r"^\s*-\s+['\"]?(\w+)['\"]?\s*$")


def literal_lists(text: str, words: set[str]) -> list[int]:
    """Line numbers where three or more of ``words`` are written as one list: quoted on one
    line (a Python or Jinja list), or as consecutive YAML items. Prose is not a list."""
    found, run = [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        flow_items = {item.strip(" '\"") for flow in FLOW_LIST.findall(line) for item in flow.split(",")}
        if len(set(QUOTED_WORD.findall(line)) & words) >= 3 or len(flow_items & words) >= 3:
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
    assert literal_lists("values: [molecule, drop, stream]", words) == [1]
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


# --- one home for each description, one YAML style (STYLE.md) --------------------------------

RESOURCE_LISTS = ("models", "sources", "seeds", "macros", "exposures", "unit_tests", "snapshots", "analyses")
DESCRIBED_PARTS = ("tables", "columns", "arguments")


def yaml_files(root: Path | None = None) -> list[Path]:
    root = root or project_dir()
    return [
        path
        for folder in dbt_docs.RESOURCE_FOLDERS
        for path in sorted((root / folder).rglob("*"))
        if path.suffix in {".yml", ".yaml"}
    ]


def descriptions_in(document: dict | None) -> list[str]:
    """Every description of a resource, a source table, a column or a macro argument."""

    def walk(entries: object) -> list[str]:
        found = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                found += [entry["description"]] if isinstance(entry.get("description"), str) else []
                found += [text for part in DESCRIBED_PARTS for text in walk(entry.get(part))]
        return found

    return [text for key in RESOURCE_LISTS for text in walk((document or {}).get(key))]


def written_descriptions(yaml_texts: list[str], doc_texts: list[str]) -> Counter[str]:
    """How often each description text is written, whitespace normalised: in the YAML (a
    description that only calls a doc block is not a text of its own) and in doc blocks."""
    written: Counter[str] = Counter()
    for text in yaml_texts:
        for description in descriptions_in(yaml.safe_load(text)):
            normal = " ".join(description.split())
            if normal and dbt_docs.DOC_REFERENCE.fullmatch(normal) is None:
                written[normal] += 1
    for text in doc_texts:
        written.update(" ".join(body.split()) for _, body in dbt_docs.DOC_BLOCK.findall(text))
    return written


def repeated_descriptions(root: Path | None = None) -> dict[str, int]:
    """Each description text a project writes more than once, with how often."""
    doc_texts = [path.read_text() for path in dbt_docs.doc_files(root)]
    written = written_descriptions([path.read_text() for path in yaml_files(root)], doc_texts)
    return {text: count for text, count in written.items() if count > 1}


def description_figures(root: Path | None = None) -> dict[str, int]:
    """Repeated description texts, their occurrences, and the doc blocks. From python/tests,
    ``EMERGENCE_PROJECT_DIR=<checkout> python -c 'import test_layout as t;
    print(t.description_figures())'`` measures any checkout."""
    repeated = repeated_descriptions(root)
    blocks = sum(len(dbt_docs.DOC_BLOCK.findall(path.read_text())) for path in dbt_docs.doc_files(root))
    return {
        "repeated_texts": len(repeated),
        "repeated_occurrences": sum(repeated.values()),
        "doc_blocks": blocks,
    }


def test_written_descriptions_count_texts_not_doc_calls() -> None:
    models = """
models:
  - name: a
    description: One row per account.
    columns:
      - name: account_key
        description: '{{ doc("account_key") }}'
      - name: note
        description: >
          The  account's
          note.
  - name: b
    columns:
      - name: note
        description: The account's note.
      - name: account_key
        description: '{{ doc("account_key") }}'
macros:
  - name: m
    arguments:
      - {name: note, type: string, description: The account's note.}
"""
    docs = "{% docs account_key %}\nOne row per\naccount.\n{% enddocs %}"
    written = written_descriptions([models], [docs])
    assert written == {"One row per account.": 2, "The account's note.": 3}


def test_each_description_is_written_once() -> None:
    repeated = sorted(f"{count}x {text[:100]}" for text, count in repeated_descriptions().items())
    assert repeated == [], "make each a doc block (STYLE.md, 'One home for each fact'):\n" + "\n".join(
        repeated
    )


def test_every_doc_call_names_a_doc_block() -> None:
    blocks = dbt_docs.doc_blocks()
    called = {name for path in yaml_files() for name in dbt_docs.DOC_REFERENCE.findall(path.read_text())}
    assert called - set(blocks) == set()


def yaml_style_problems(text: str) -> list[str]:
    """How a YAML text departs from the house style: no anchors or aliases; each block mapping
    or list indented two spaces under its parent (a list under its key, not level with it); a
    text too long for one line written as a folded block (>), not a scalar wrapped over lines."""
    problems = []
    for token in yaml.scan(text):
        line = token.start_mark.line + 1
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            problems.append(f"line {line}: an anchor or alias")
        elif (
            isinstance(token, yaml.ScalarToken)
            and token.style not in {">", "|"}
            and token.end_mark.line > token.start_mark.line
        ):
            problems.append(f"line {line}: a text wrapped over lines; write it as a folded block (>)")
    parents: list[int | None] = []
    for event in yaml.parse(text):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            parent = parents[-1] if parents else -2
            column = event.start_mark.column
            if not event.flow_style and parent is not None and column != parent + 2:
                problems.append(
                    f"line {event.start_mark.line + 1}: indented {column - parent} under its parent, not 2"
                )
            parents.append(None if event.flow_style or parent is None else column)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            parents.pop()
    return problems


def test_yaml_style_problems_finds_each_kind() -> None:
    house = "models:\n  - name: a\n    description: >\n      Long text,\n      folded.\n"
    house += "    columns:\n      - {name: b}\n"
    assert yaml_style_problems(house) == []
    dumped = "models:\n- name: a\n  description: 'Long text,\n    wrapped.'\n"
    dumped += "  tags:\n  - x\n  meta: &id001 {k: v}\n  config: *id001\n"
    assert yaml_style_problems(dumped) == [
        "line 3: a text wrapped over lines; write it as a folded block (>)",
        "line 7: an anchor or alias",
        "line 8: an anchor or alias",
        "line 2: indented 0 under its parent, not 2",
        "line 6: indented 0 under its parent, not 2",
    ]
    assert yaml_style_problems("models:\n    - name: a\n") == ["line 2: indented 4 under its parent, not 2"]


def test_yaml_is_in_one_hand_indented_style() -> None:
    root = project_dir()
    problems = [
        f"{path.relative_to(root)} {problem}"
        for path in yaml_files()
        for problem in yaml_style_problems(path.read_text())
    ]
    assert problems == [], "\n".join(problems)
