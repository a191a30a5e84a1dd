"""The packages of the wheel: every package under generator/, and the top-level templates/ and
data/catalogs/ mapped into it as generator._templates and generator._catalogs (pyproject.toml
holds everything else)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["generator", "generator.*"]),
                "generator._templates", "generator._catalogs"])
