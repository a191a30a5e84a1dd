"""The seeded fuzz cases of tests/fuzz.py hold every property (a few hundred here; thousands with
``python3 benchmarks/fuzz.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz import ROOT, make_case, run_case

# Mostly validate and diff (fast); builds in every format in a few, PDF in a fraction of those.
# A sample (each case's families are drawn from its seed): benchmarks/fuzz.py runs thousands.
CI_CASES = range(120)
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the forked runner needs Unix")


def test_cases_are_reproducible_from_their_seed() -> None:
    for seed in (0, 7, 123456):
        first, again = make_case(seed), make_case(seed)
        assert (first.content, first.command, first.formats, first.relpath, first.mutations) == (
            again.content, again.command, again.formats, again.relpath, again.mutations)
    assert len({make_case(seed).content for seed in range(30)}) == 30


@needs_fork
def test_fuzz_cases_hold_every_property() -> None:
    # In a fresh interpreter (python -m tests.fuzz), each case forked from it: a worker of
    # this suite has run other modules first, and a case must not inherit what they left.
    done = subprocess.run([sys.executable, "-m", "tests.fuzz", str(CI_CASES.start), str(len(CI_CASES)),
                           "0.08", "0.1", "0.2"], cwd=ROOT, capture_output=True, text=True,
                          timeout=1800, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["seed"] for row in rows] == list(CI_CASES)
    failures = [f"seed {r['seed']} {r['command']} {r['mutations']}: {r['violations']} {r['first_line']}"
                for r in rows if r["violations"]]
    assert failures == [], "\n".join(failures[:10])
    # The cases reach every command and every kind of outcome.
    assert {r["command"] for r in rows} == {"validate", "build", "diff"}
    assert {r["exit"] for r in rows} >= {0, 1, 2}


@pytest.mark.parametrize("seed", [3, 11, 42])
def test_a_case_through_a_fresh_interpreter(tmp_path: Path, seed: int) -> None:
    """The forked runner stands for ``python -m generator``: a few cases run as the real thing."""
    result = run_case(make_case(seed), tmp_path, mode="spawn")
    assert result.violations == [], result.first_line
