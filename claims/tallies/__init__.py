"""The statistics page's running tallies, kept by every writer and rebuilt from the records."""
