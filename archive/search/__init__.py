"""The read path as stages, each a module; :func:`archive.search.pipeline.run` calls them.

``request`` (what to search, limits) → ``parse`` (user text → clauses, the query budget)
→ ``plan`` (clauses → leaves and the fallback ladder, as data) → ``match`` (postings →
scored doc sets, phrases by positions; ``docsets`` is the set algebra) → ``facets``
(filters, disjunctive counts over ``columns``) → ``rank`` (BM25, sorts, adjacency; every
scoring constant) → ``present`` (hits, ``snippets``, ``suggest``, notices). ``spelling`` is
the bounded-time typo index, ``related`` is ``more_like_this``. The stages read an index
only through the seam of :mod:`archive.search.seam`.
"""
