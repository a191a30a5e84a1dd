"""The subcommands of ``budgetgen``, one module each.

Each module has ``NAME``, ``register(subparsers)`` adding its parser, and ``run(args)``
returning the exit code. Adding a command is one module and one line in ``COMMANDS``.
"""

from __future__ import annotations

from types import ModuleType

from generator.commands import (
    batch,
    build,
    catalog,
    diff,
    import_book,
    init,
    next_year,
    schema,
    serve,
    validate,
)

COMMANDS: tuple[ModuleType, ...] = (validate, build, diff, batch, import_book)
COMMANDS += (init, schema, next_year, catalog, serve)
