"""The machinery behind `claims.search`: query parsing, the indexes and each database's path."""
