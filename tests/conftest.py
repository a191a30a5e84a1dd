"""Test options: ``--update-golden`` rewrites golden files (never done silently)."""

from __future__ import annotations

import os

import pytest

from tests.shelf import Shelf


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/* from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Shelf:
    """The books built once for the whole run (tests/shelf.py), shared by every xdist worker:
    their temp folders are siblings under the run's folder."""
    base = tmp_path_factory.getbasetemp()
    return Shelf((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shelf")


# The longest modules, longest first (measured with --durations=0). xdist hands modules to its
# workers in collection order, one module to a worker (--dist loadscope): started last, one of
# these would leave the other workers idle while it runs.
LONGEST = ("test_print_quality", "test_docx_print", "test_serve_browser", "test_word_pages",
           "test_guide", "test_import_book", "test_pdf_engine", "test_fuzz", "test_html_viewport")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(LONGEST)))  # stable: the rest as collected
