"""The parts of the HTML parser (:mod:`indexer.parsers.html`).

tree, scan, body (readability), fields (pickers); the dateline rule is
:mod:`indexer.datelines`, shared with the plain-text parser.
"""
