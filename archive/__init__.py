"""vnarchive's search library: Vietnamese analysis, the Whoosh index, search and facets."""
