"""budgetgen: derive and render Shanghai 部门预算/单位预算 publications from one data file."""

__version__ = "0.1.0"
