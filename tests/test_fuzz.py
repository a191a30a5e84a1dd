"""The seeded fuzz cases of tests/fuzz.py hold every property (a few hundred here; thousands with
``python3 benchmarks/fuzz.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fuzz import make_case, run_case

# Mostly validate and diff (fast); builds in every format in a few, PDF in a fraction of those.
CI_CASES = range(240)
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the forked runner needs Unix")


def test_cases_are_reproducible_from_their_seed() -> None:
    for seed in (0, 7, 123456):
        first, again = make_case(seed), make_case(seed)
        assert (first.content, first.command, first.formats, first.relpath, first.mutations) == (
            again.content, again.command, again.formats, again.relpath, again.mutations)
    assert len({make_case(seed).content for seed in range(30)}) == 30


@needs_fork
def test_fuzz_cases_hold_every_property(tmp_path: Path) -> None:
    import generator.cli  # noqa: F401  (imported once: each case forks from here)

    failures = []
    commands = set()
    for seed in CI_CASES:
        case = make_case(seed, build_share=0.08, diff_share=0.1, pdf_share=0.2)
        result = run_case(case, tmp_path)
        commands.add((case.command, result.exit))
        if result.violations:
            failures.append(f"seed {seed} {case.command} {case.mutations}: {result.violations} "
                            f"{result.first_line}")
    assert failures == []
    # The cases reach every command and every kind of outcome.
    assert {c for c, _ in commands} == {"validate", "build", "diff"}
    assert {e for _, e in commands} >= {0, 1, 2}


@pytest.mark.parametrize("seed", [3, 11, 42])
def test_a_case_through_a_fresh_interpreter(tmp_path: Path, seed: int) -> None:
    """The forked runner stands for ``python -m generator``: a few cases run as the real thing."""
    result = run_case(make_case(seed), tmp_path, mode="spawn")
    assert result.violations == [], result.first_line
