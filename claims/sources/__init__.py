"""Source tracking: checking cited links, archiving them as WARC, and watching for changes."""
