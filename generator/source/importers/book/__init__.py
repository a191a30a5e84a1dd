"""Reading a published 部门预算/单位预算 book back into data: pages → blocks (``pages``), the
nine tables (``tables``), the narrative (``narrative``), the 申报表 grids (``forms``), and the
reconciliation of what the book says twice (``reconcile``)."""
