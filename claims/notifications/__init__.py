"""Telling people what needs them: notifications, watches, mentions and digests."""
