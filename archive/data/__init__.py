"""Small static data tables shipped inside the package (gazetteer facts)."""
