"""The project's dbt doc blocks, read from its files.

A description used more than once lives in one ``{% docs name %}`` block, in a
``_<folder>__docs.md`` file, and YAML refers to it as ``'{{ doc("name") }}'``. dbt looks for
doc blocks in every resource folder; so does this module.
"""

from __future__ import annotations

import re
from pathlib import Path

from emergence.paths import project_dir

RESOURCE_FOLDERS = ("models", "seeds", "macros", "tests")
DOC_BLOCK = re.compile(r"{%-?\s*docs\s+(\w+)\s*-?%}(.*?){%-?\s*enddocs\s*-?%}", re.DOTALL)
DOC_REFERENCE = re.compile(r"""\{\{\s*doc\(\s*['"](\w+)['"]\s*\)\s*\}\}""")


def doc_files(root: Path | None = None) -> list[Path]:
    root = root or project_dir()
    return [path for folder in RESOURCE_FOLDERS for path in sorted((root / folder).rglob("*.md"))]


def doc_blocks(root: Path | None = None) -> dict[str, str]:
    """Every doc block by name, with its text stripped as dbt renders it."""
    return {
        name: body.strip() for path in doc_files(root) for name, body in DOC_BLOCK.findall(path.read_text())
    }


def render(description: str, blocks: dict[str, str]) -> str:
    """A YAML description with each ``doc()`` call replaced by its block's text."""
    return DOC_REFERENCE.sub(lambda match: blocks[match.group(1)], description)
