"""``budgetgen serve``: a local web page for the books of one folder.

:mod:`.app` (the application and its guard), :mod:`.routes` (pages and answers),
:mod:`.library` (the books, their findings and previews, and the watcher), :mod:`.builds`
(editions on demand), :mod:`.ways_in` (import, 新建, 下一年度), :mod:`.paths` (what lies inside
the folder) and :mod:`.anchors` (where a finding points in the book). Templates and the script
are in ``templates/serve``.
"""
