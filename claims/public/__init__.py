"""The public fact-check site: published verdicts, readable without an account."""
