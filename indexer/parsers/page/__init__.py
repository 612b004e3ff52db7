"""The parts of the HTML parser (:mod:`indexer.parsers.html`).

tree, scan, body (readability), fields (pickers), dateline.
"""
