"""Collection rules for the whole checkout (``pytest`` collects ``tests/`` and the doctests
of ``nlptk/``).

torch and transformers are an optional extra (``nlptk[bert]``): without them, the modules
that import them at the top are not collected for doctests, and tests marked ``bert`` are
skipped (``tests/conftest.py``) instead of failing.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

#: The imports that only the BERT code paths make.
BERT_IMPORTS = ("torch", "transformers")

HAS_BERT = all(importlib.util.find_spec(name) is not None for name in BERT_IMPORTS)


def _imports_bert(path: Path) -> bool:
    """Whether a module imports torch or transformers at its top level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        if any(name.split(".")[0] in BERT_IMPORTS for name in names):
            return True
    return False


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    if HAS_BERT or collection_path.suffix != ".py" or not collection_path.is_file():
        return None
    return True if _imports_bert(collection_path) else None


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001
    if HAS_BERT:
        return
    skip = pytest.mark.skip(reason="needs torch and transformers (pip install 'nlptk[bert]')")
    for item in items:
        if item.get_closest_marker("bert"):
            item.add_marker(skip)
