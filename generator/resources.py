"""Where the templates and catalogs are: inside the package when installed from a wheel (the
build copies ``templates/`` and ``data/catalogs/`` into ``generator/_templates`` and
``generator/_catalogs``), at the top of the checkout when run from it."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE.parent


def _first(installed: Path, checkout: Path) -> Path:
    return installed if installed.is_dir() else checkout


TEMPLATES = _first(PACKAGE / "_templates", _CHECKOUT / "templates")
CATALOGS = _first(PACKAGE / "_catalogs", _CHECKOUT / "data" / "catalogs")
