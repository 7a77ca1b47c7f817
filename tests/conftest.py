"""Test options and fixtures shared by every test folder.

``--run-slow`` runs whole-corpus checks, ``--run-bert`` the torch/transformers tests; both
are off by default. ``shared_data`` is ``../shared/data`` beside the checkout (or
``$NLPTK_SHARED_DATA``); tests that need it skip when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run tests marked slow")
    parser.addoption("--run-bert", action="store_true", help="run tests marked bert")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for marker in ("slow", "bert"):
        if config.getoption(f"--run-{marker}"):
            continue
        skip = pytest.mark.skip(reason=f"needs --run-{marker}")
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)


def shared_data_dir() -> Path | None:
    path = Path(os.environ.get("NLPTK_SHARED_DATA", ROOT.parent / "shared" / "data"))
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("../shared/data is not present")
    return path


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep test runs from writing into the user's cache."""
    os.environ["NLPTK_CACHE_DIR"] = str(tmp_path_factory.mktemp("nlptk-cache"))
