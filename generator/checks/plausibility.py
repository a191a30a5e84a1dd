"""placeholder"""
from collections.abc import Iterator
from generator.checks.base import CheckContext
from generator.findings import Finding


def check(ctx: CheckContext) -> Iterator[Finding]:
    return iter(())
